/** The config file with secrets is not tracked by git (a push would publish the keys). */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { defineCheck, fail, pass, skip } from '../check.js';
import { secretsInFile } from '../secret-sources.js';

export default defineCheck({
  id: 'config.git-tracked',
  group: 'config',
  title: 'Secrets not tracked by git',
  timeoutMs: 5000,
  async run({ meta, signal }) {
    if (!meta.file) return skip('no config file');
    const secrets = secretsInFile(meta);
    if (secrets.length === 0) return pass('the config file holds no secrets');
    const dir = dirname(meta.file);
    if (!insideWorkTree(dir)) return pass(`${dir} is not in a git repository`);
    const git = await gitLsFiles(dir, basename(meta.file), signal);
    if (git.kind === 'no-git') return skip('git is not installed');
    if (git.kind === 'no-repo') return pass(`${dir} is not in a git repository`);
    if (git.kind === 'failed') return skip(`could not ask git: ${git.message}`);
    if (!git.tracked) {
      return pass(`${basename(meta.file)} is not tracked by git`, { evidence: { file: meta.file } });
    }
    return fail({
      summary: `${meta.file} is tracked by git and holds ${secrets.join(', ')}`,
      cause: 'anyone with access to the repository (or its history) has these keys',
      fix: {
        text: 'Stop tracking the file, ignore it, and rotate the keys if the repository was ever pushed.',
        commands: [
          `git -C ${dir} rm --cached ${basename(meta.file)}`,
          `echo ${basename(meta.file)} >> ${dir}/.gitignore`,
        ],
      },
      evidence: { file: meta.file },
    });
  },
});

type GitAnswer =
  { kind: 'no-git' } | { kind: 'no-repo' } | { kind: 'failed'; message: string } | { kind: 'ok'; tracked: boolean };

/**
 * Whether a `.git` (a directory, or the file of a linked worktree or submodule) is in `dir` or above it:
 * without one git has nothing to track, and not starting it keeps doctor fast (a fork of a large process).
 */
function insideWorkTree(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

/** `git ls-files` for one path, bounded in time and output size. */
function gitLsFiles(cwd: string, file: string, signal: AbortSignal): Promise<GitAnswer> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['ls-files', '--', file],
      { cwd, signal, timeout: 4000, maxBuffer: 64 * 1024 },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve({ kind: 'no-git' });
        if (err)
          return resolve(
            /not a git repository/i.test(String(stderr))
              ? { kind: 'no-repo' }
              : { kind: 'failed', message: String(stderr).trim().split('\n')[0] || err.message },
          );
        resolve({ kind: 'ok', tracked: stdout.trim().length > 0 });
      },
    );
  });
}
