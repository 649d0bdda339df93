/** The config model: one schema, loaded from defaults < tccli < file < env < flags, validated, frozen. */
export { loadConfig, type LoadedConfig, type LoadOptions } from './load.js';
export { requiredCredentials, requiredPaths, missingRequired, PUSH_TARGET } from './required.js';
export { closest } from './did-you-mean.js';
export { requireConfig, requireValues, configValues, howToSet, formatIssue } from './require.js';
export { FIELDS, FIELD_BY_PATH, FILE_FIELDS, SECRET_PATHS, isConfigPath, type FieldDef } from './fields.js';
export { secretValues } from './secret-values.js';
export {
  readConfigFile,
  writeConfigFile,
  locateConfigFile,
  getPath,
  setPath,
  DEFAULT_CONFIG_FILE,
  type RawConfig,
} from './file.js';
export { canonicalRegion, KNOWN_REGIONS, REGION_ALIASES } from './regions.js';
export type * from './schema.js';
export type { ConfigPath, ConfigValue, ConfigValues } from './paths.js';
