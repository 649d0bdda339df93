/**
 * The single table of configuration fields. Loading (env names, flags), validation, masking,
 * `config show`, `init` prompts and generated env files all read it, so a field is added here once.
 */
import type { ConfigPath } from './paths.js';
import { CREDENTIAL_FIELDS } from './fields-credentials.js';
import { DB_CLOUD_FIELDS } from './fields-db-cloud.js';
import { SERVER_FIELDS } from './fields-server.js';
import { DEPLOY_FIELDS } from './fields-deploy.js';
import { FORMAT_RULES, type FormatRule } from './rules.js';

export type FieldKind = 'string' | 'int' | 'enum' | 'pem' | 'url' | 'host' | 'port' | 'path';

/** One configuration field. */
export interface FieldDef {
  /** Dotted path in the config file and resolved config, e.g. `cos.secretKey`. */
  path: ConfigPath;
  kind: FieldKind;
  /** Environment variables that set it, the canonical one first. */
  env: readonly string[];
  /** Long flag (without value placeholder), e.g. `--cos-secret-key`. */
  flag: string;
  /** Secrets are masked in every output. */
  secret?: boolean;
  default?: string | number;
  choices?: readonly string[];
  /** Short human name. */
  label: string;
  /** Where the value is found (Tencent console page) and what it looks like. */
  where: string;
  example?: string;
  /** Format rule (digits, key shape, …) beyond the kind. */
  rule?: FormatRule;
}

/** Every field, in the order `config show`, `init` and the README list them. */
export const FIELDS: readonly FieldDef[] = [
  ...CREDENTIAL_FIELDS,
  ...SERVER_FIELDS,
  ...DB_CLOUD_FIELDS,
  ...DEPLOY_FIELDS,
];

export const FIELD_BY_PATH: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((d) => [d.path, d]));

/** Whether a string (a key given by the user, a flag's field) is the path of a config field. */
export function isConfigPath(path: string): path is ConfigPath {
  return FIELD_BY_PATH.has(path);
}

/** The paths of every secret field. */
export const SECRET_PATHS: readonly ConfigPath[] = FIELDS.filter((d) => d.secret).map((d) => d.path);

/** Files whose content stands in for a field (`im.privateKeyFile` → `im.privateKey`). */
export const FILE_FIELDS: Readonly<Record<string, { target: ConfigPath; env: string; flag: string }>> = {
  'im.privateKeyFile': { target: 'im.privateKey', env: 'MINILVB_IM_PRIVATE_KEY_FILE', flag: '--im-private-key-file' },
  'im.publicKeyFile': { target: 'im.publicKey', env: 'MINILVB_IM_PUBLIC_KEY_FILE', flag: '--im-public-key-file' },
};

export { FORMAT_RULES };
