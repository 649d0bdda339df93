/** A config file holding secrets is readable by its owner only (mode 0600). */
import { stat } from 'node:fs/promises';
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { restrictConfigFile } from '../fix/actions.js';
import { secretsInFile } from '../secret-sources.js';

export default defineCheck({
  id: 'config.file-mode',
  group: 'config',
  title: 'Config file permissions',
  fix: restrictConfigFile,
  async run({ meta }) {
    if (!meta.file) return skip('no config file (values come from the environment or flags)');
    if (process.platform === 'win32') return skip('file modes are not meaningful on Windows');
    const mode = (await stat(meta.file)).mode & 0o777;
    const secrets = secretsInFile(meta);
    const evidence = { file: meta.file, mode: `0${mode.toString(8)}`, secretsInFile: secrets.length };
    if (secrets.length === 0) return pass(`${meta.file} holds no secrets (mode 0${mode.toString(8)})`, { evidence });
    const fix = { text: `Restrict the file to its owner.`, commands: [`chmod 600 ${quote(meta.file)}`] };
    if (mode & 0o007) {
      return fail({
        summary: `${meta.file} (mode 0${mode.toString(8)}) is readable by every user on this machine`,
        cause: `it holds ${secrets.join(', ')}`,
        fix,
        evidence,
      });
    }
    if (mode & 0o070) {
      return warn({
        summary: `${meta.file} (mode 0${mode.toString(8)}) is readable by its group`,
        cause: `it holds ${secrets.join(', ')}`,
        fix,
        evidence,
      });
    }
    return pass(`${meta.file} is mode 0${mode.toString(8)}`, { evidence });
  },
});

function quote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
