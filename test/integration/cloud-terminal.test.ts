/**
 * `cloud apply` and the end of `init` in a real pseudo-terminal: apply asks once and a no changes nothing;
 * init, with the cloud API key configured, offers the plan and applies it after two yeses.
 * Needs the built binary (`npm run build`).
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startCloudStack, type CloudStack } from '../emulators/cloud-stack.js';
import { blankAccount } from '../helpers/cloud-setup.js';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { KEYS, PtySession } from '../helpers/pty.js';
import { BIN, OUTPUT_LOG } from '../helpers/run-cli.js';

const env = { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'minilvb-home-')), NO_COLOR: '1' };
const sessions: PtySession[] = [];
let stack: CloudStack;
let dir: string;
beforeAll(async () => {
  stack = await startCloudStack();
  dir = projectDir(currentConfig({ cloud: stack.cloudSection }));
});
afterAll(async () => {
  for (const s of sessions) s.kill();
  await stack.close();
});

function start(args: string[]): PtySession {
  const s = new PtySession([process.execPath, BIN, ...args], { cwd: dir, env });
  sessions.push(s);
  return s;
}

function record(name: string, s: PtySession): void {
  appendFileSync(OUTPUT_LOG, `$ minilvb ${name} (pty)\n${s.screen}\n`);
  for (const secret of Object.values(TEST_SECRETS)) assert.equal(s.screen.includes(secret), false, name);
}

describe('cloud setup in a terminal', () => {
  it('cloud apply asks once: no changes nothing, yes applies', async () => {
    blankAccount(stack);
    const no = start(['cloud', 'apply']);
    await no.waitFor('+ create lvb.push-auth-key');
    await no.answer(/Apply these \d+ change\(s\)\?/, 'n');
    assert.equal(await no.exited(), 0);
    assert.match(no.screen, /Declined: nothing was changed/);
    record('cloud apply (declined)', no);
    assert.deepEqual(stack.live.state.callbackTemplates, []);

    const yes = start(['cloud', 'apply']);
    await yes.answer(/Apply these \d+ change\(s\)\?/, 'y');
    assert.equal(await yes.exited(), 0, yes.screen.slice(-1500));
    assert.match(yes.screen, /done {2}lvb\.callback-template: CreateLiveCallbackTemplate minilvb/);
    record('cloud apply', yes);
    assert.equal(stack.live.state.callbackTemplates.length, 1);
  });

  it('init offers cloud plan and apply at its end when the cloud API key is configured', async () => {
    blankAccount(stack);
    const s = start(['init', '--no-generate']);
    // Every question keeps its current value: Enter once per question until init makes its offer. A question is
    // answered only when the terminal has been idle a moment (fully drawn) and its text was not answered before,
    // so no stray Enter can reach the offer (whose default is no).
    const answered: string[] = [];
    const deadline = Date.now() + 90_000;
    let last = '';
    let idleSince = Date.now();
    while (!s.screen.includes('Check the cloud side now')) {
      assert.ok(Date.now() < deadline, s.screen.slice(-1500));
      await new Promise((r) => setTimeout(r, 50));
      if (s.screen !== last) {
        last = s.screen;
        idleSince = Date.now();
        continue;
      }
      if (Date.now() - idleSince < 80) continue;
      const question = [...last.matchAll(/^\? (.*)$/gm)].pop()?.[1] ?? '';
      const text = question.split(' (')[0]?.trim() ?? '';
      if (text === '' || answered.some((a) => text.startsWith(a))) continue;
      answered.push(text);
      s.type(KEYS.enter);
    }
    await s.answer('Check the cloud side now', 'y');
    await s.answer(/Apply these \d+ change\(s\) \(minilvb cloud apply\)\?/, 'y');
    assert.equal(await s.exited(), 0, s.screen.slice(-1500));
    assert.match(s.screen, /done {2}im\.admin: IM account_import admin/);
    record('init (cloud offer)', s);
    assert.equal(stack.live.state.recordRules.length, 1);
  });
});
