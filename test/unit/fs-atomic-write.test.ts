/** writeFileAtomic removes the temporary files a killed writer left behind (generate, init, config writes). */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { writeFileAtomic } from '../../src/fs/atomic-write.js';

/** The pid of a process that ran and was killed (so it is certainly not running). */
async function deadPid(): Promise<number> {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const pid = child.pid as number;
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return pid;
}

describe('writeFileAtomic', () => {
  it('cleans up the .tmp files of a writer killed mid-write, and keeps those of live writers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minilvb-atomic-'));
    const stale = join(dir, `.minilvb.config.json.${await deadPid()}.0123abcd.tmp`);
    const live = join(dir, `.minilvb.config.json.${process.ppid}.89abcdef.tmp`);
    const other = join(dir, `.other.json.${await deadPid()}.0123abcd.tmp`);
    for (const p of [stale, live, other]) writeFileSync(p, 'half');
    await writeFileAtomic(join(dir, 'minilvb.config.json'), '{}\n');
    assert.equal(readFileSync(join(dir, 'minilvb.config.json'), 'utf8'), '{}\n');
    assert.equal(existsSync(stale), false, "the dead writer's temp file is gone");
    assert.equal(existsSync(live), true, "a live writer's temp file is left alone");
    assert.equal(existsSync(other), true, 'temp files of other targets are cleaned by their own next write');
  });
});
