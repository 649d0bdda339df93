/** Gathering credentials for `init`: the question catalogue, answer files, importing a PHP deployment. */
export { QUESTIONS, GROUP_TITLES, questionsFor, requiredPaths } from './questions.js';
export { readFromFile } from './from-file.js';
export { parseEnvFile } from './env-file.js';
export { composeConfig } from './compose-config.js';
export { initProblems, initWarnings } from './init-problems.js';
export { importDeployment, type ImportResult } from './import/import-deployment.js';
