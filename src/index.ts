/**
 * minilvb as a library: everything the CLI does, a program can do. Each capability is a
 * namespace of plain functions taking options objects; heavy SDKs load only when called.
 *
 *   import { loadConfig, sign, server } from 'minilvb';
 *   const { config } = await loadConfig({ cwd: process.cwd() });
 *   const { url } = sign.pushUrl({ pushDomain: 'push.example.com', stream: 'demo', key, expiresAt });
 */
export * from './errors.js';
export {
  loadConfig,
  requireConfig,
  writeConfigFile,
  readConfigFile,
  FIELDS,
  type LoadedConfig,
  type LoadOptions,
  type MinilvbConfig,
  type ConfigIssue,
} from './config/index.js';
export { mask, fingerprint } from './secrets/mask.js';
export { Redactor } from './secrets/redactor.js';
export { VERSION } from './version.js';
export * as sign from './sign/index.js';
export * as db from './db/index.js';
export * as server from './server/index.js';
export * as doctor from './doctor/index.js';
export * as templates from './templates/index.js';
export * as init from './init/index.js';
export * as cloud from './cloud/setup/index.js';
