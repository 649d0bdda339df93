/** Which secret fields were read from the config file (for permission and git checks). */
import { SECRET_PATHS } from '../config/index.js';
import type { ConfigMeta } from './check.js';

export function secretsInFile(meta: ConfigMeta): string[] {
  return SECRET_PATHS.filter((p) => meta.sources[p] === 'file');
}
