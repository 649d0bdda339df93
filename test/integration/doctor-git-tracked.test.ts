/**
 * config.git-tracked against real git repositories: a config file with secrets that git tracks fails
 * (with the commands that stop tracking it); one that is ignored passes, and so does a project outside any
 * repository, found without starting git at all.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

interface CheckJson {
  id: string;
  status: string;
  summary: string;
  fix?: { commands?: string[] };
}

async function gitCheck(cwd: string): Promise<CheckJson | undefined> {
  const r = await runCli(['doctor', 'config.git-tracked', '--json'], { cwd });
  return r.json<{ data: { checks: CheckJson[] } }>().data.checks.find((c) => c.id === 'config.git-tracked');
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'ignore' });
}

describe('config.git-tracked', () => {
  it('fails when git tracks the config file, from a subdirectory of the work tree too', async () => {
    const repo = projectDir(currentConfig());
    git(repo, 'init', '-q');
    git(repo, 'add', 'minilvb.config.json');
    const c = await gitCheck(repo);
    expect(c?.status).toBe('fail');
    expect(c?.summary).toMatch(/minilvb\.config\.json is tracked by git and holds/);
    expect(c?.fix?.commands?.[0]).toBe(`git -C ${repo} rm --cached minilvb.config.json`);

    const nested = projectDir(currentConfig());
    const sub = join(repo, 'deploy');
    mkdirSync(sub);
    execFileSync('cp', [join(nested, 'minilvb.config.json'), sub]);
    git(repo, 'add', 'deploy/minilvb.config.json');
    expect((await gitCheck(sub))?.status).toBe('fail');
  });

  it('passes when the file is in a repository but not tracked', async () => {
    const repo = projectDir(currentConfig());
    git(repo, 'init', '-q');
    writeFileSync(join(repo, '.gitignore'), 'minilvb.config.json\n');
    const c = await gitCheck(repo);
    expect(c?.status).toBe('pass');
    expect(c?.summary).toBe('minilvb.config.json is not tracked by git');
  });

  it('passes outside any repository', async () => {
    const dir = projectDir(currentConfig());
    const c = await gitCheck(dir);
    expect(c?.status).toBe('pass');
    expect(c?.summary).toBe(`${dir} is not in a git repository`);
  });
});
