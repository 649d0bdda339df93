/** `minilvb doctor --fix` in a real terminal: one question per repair; only the accepted ones are applied. */
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { PtySession } from '../helpers/pty.js';
import { BIN, OUTPUT_LOG, runCli } from '../helpers/run-cli.js';

const sessions: PtySession[] = [];
afterAll(() => {
  for (const s of sessions) s.kill();
});

describe('doctor --fix in a terminal', () => {
  it('asks before each repair and applies only those answered yes, then re-checks', async () => {
    const dir = projectDir(currentConfig());
    assert.equal((await runCli(['generate'], { cwd: dir })).code, 0);
    const config = join(dir, 'minilvb.config.json');
    writeFileSync(
      config,
      `${JSON.stringify(currentConfig({ cos: { ...(currentConfig().cos as object), bucket: 'photos' } }), null, 2)}\n`,
    );
    chmodSync(config, 0o644);
    const outDefine = join(dir, 'minilvb-files/php/conf/OutDefine.php');

    const s = new PtySession([process.execPath, BIN, 'doctor', 'config', '--fix'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'minilvb-home-')), NO_COLOR: '1' },
    });
    sessions.push(s);
    await s.answer(/Fix: chmod 600 .*minilvb\.config\.json \(now 0644\)\?/, 'n');
    await s.answer(/Fix: regenerate .*php\/conf\/OutDefine\.php.*\?/, 'y');
    assert.equal(await s.exited(), 1, s.screen.slice(-2000));
    appendFileSync(OUTPUT_LOG, `$ minilvb doctor config --fix (pty)\n${s.screen}\n`);
    assert.match(s.screen, /- config\.file-mode: chmod 600 [^\n]*\n\s+declined/);
    assert.match(s.screen, /✓ config\.generated: regenerate [^\n]*\n[^\n]*regenerated[^\n]*\n\s+! warn → ✓ pass/);
    assert.equal(statSync(config).mode & 0o777, 0o644);
    assert.match(readFileSync(outDefine, 'utf8'), /photos/);
  });
});
