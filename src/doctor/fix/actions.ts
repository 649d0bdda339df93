/**
 * Repairs the checks declare (`fix:` in a check file). Each is local and safe: it only narrows a
 * file mode or does what a minilvb command would do (`db migrate`), and is applied after a yes.
 */
import { chmod, stat } from 'node:fs/promises';
import type { CheckFixAction } from '../check.js';

/** config.file-mode: a config file holding secrets becomes readable by its owner only. */
export const restrictConfigFile: CheckFixAction = {
  async plan(_result, { meta }) {
    if (!meta.file || process.platform === 'win32') return undefined;
    const mode = (await stat(meta.file)).mode & 0o777;
    return mode & 0o077 ? `chmod 600 ${meta.file} (now 0${mode.toString(8)})` : undefined;
  },
  async apply(_result, { meta }) {
    if (!meta.file) return 'no config file';
    const before = (await stat(meta.file)).mode & 0o777;
    await chmod(meta.file, 0o600);
    return `${meta.file}: mode 0${before.toString(8)} → 0600`;
  },
};

/** database.schema: apply the pending migrations (`minilvb db migrate`), which only create what is missing. */
export const migratePending: CheckFixAction = {
  async plan(_result, { config }) {
    if (!config.db) return undefined;
    const { databaseStatus } = await import('../../db/index.js');
    const status = await databaseStatus(config.db);
    if (!status.connected || status.tooNew || status.pending.length === 0) return undefined;
    return `apply ${status.pending.map((m) => `${m.version} ${m.name}`).join(', ')} (minilvb db migrate)`;
  },
  async apply(_result, { config }) {
    if (!config.db) return 'no database configured';
    const { migrateDatabase } = await import('../../db/index.js');
    const report = await migrateDatabase({ db: config.db });
    return report.applied.length === 0
      ? 'nothing was pending any more'
      : `schema ${report.from ?? 'none'} → ${report.to} (${report.applied.map((m) => m.name).join('; ')})`;
  },
};
