/** The configured secret values, read by the schema's `secret` flag: what every redactor masks. */
import { SECRET_PATHS } from './fields.js';
import { getPath } from './file.js';
import type { MinilvbConfig } from './schema.js';

/** Every secret field's value that is set (keys, passwords, tokens), for a Redactor. */
export function secretValues(config: MinilvbConfig): string[] {
  return SECRET_PATHS.map((p) => getPath(config, p)).filter((v): v is string => typeof v === 'string' && v !== '');
}
