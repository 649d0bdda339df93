/**
 * `minilvb cloud plan|apply` through the CLI against the emulators: the plan as text and as --json (secrets
 * masked), apply without a terminal needs --yes, and a failed step keeps the cloud's code and RequestId.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import {
  startCloudStack,
  healthyCosState,
  healthyImState,
  healthyLiveState,
  type CloudStack,
} from '../emulators/cloud-stack.js';
import { blankAccount } from '../helpers/cloud-setup.js';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

let stack: CloudStack;
let dir: string;
beforeAll(async () => {
  stack = await startCloudStack();
  dir = projectDir(
    currentConfig({
      cloud: stack.cloudSection,
    }),
  );
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  Object.assign(stack.cos.state, healthyCosState());
  Object.assign(stack.live.state, healthyLiveState());
  Object.assign(stack.im.state, healthyImState());
});

describe('cloud plan with nothing configured', () => {
  it('says it could read nothing and what to set (exit 2), instead of "nothing to do"', async () => {
    const empty = projectDir(currentConfig({ lvb: {}, cos: {}, im: {} }));
    for (const cmd of [
      ['cloud', 'plan'],
      ['cloud', 'apply', '--yes'],
    ]) {
      const run = await runCli(cmd, { cwd: empty });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /MLVB_CONFIG_MISSING.*could read nothing/);
      assert.match(run.stderr, /Skipped: .*no push domain.*COS is not fully configured.*IM is not configured/);
      assert.doesNotMatch(run.stdout, /Nothing for `minilvb cloud apply` to do/);
    }
  });
});

interface PlanJson {
  data: { items: Array<{ id: string; action: string; changes: Array<{ field: string; from: string; to: string }> }> };
}

describe('minilvb cloud', () => {
  it('plan lists each resource with its diff; --json masks the secrets', async () => {
    blankAccount(stack);
    const text = await runCli(['cloud', 'plan', '--create-bucket'], { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /\+ create lvb\.push-auth-key/);
    assert.match(text.stdout, /✓ ok {5}lvb\.domains/);
    assert.match(text.stdout, /RecordNotifyUrl: \(none\) → http:\/\/127\.0\.0\.1:8080\/callback\/tape_callback\.php/);
    const json = await runCli(['cloud', 'plan', '--json'], { cwd: dir });
    assert.equal(json.code, 0, json.stderr);
    for (const secret of Object.values(TEST_SECRETS)) assert.equal(json.stdout.includes(secret), false);
    const push = json.json<PlanJson>().data.items.find((i) => i.id === 'lvb.push-auth-key');
    const key = push?.changes.find((c) => c.field === 'MasterAuthKey');
    assert.ok(key && key.to !== '' && key.to !== TEST_SECRETS.pushKey, JSON.stringify(push));
    assert.equal(json.json<PlanJson>().data.items.find((i) => i.id === 'cos.bucket')?.action, 'manual');
  });

  it('apply without a terminal and without --yes is a usage error that names the fix', async () => {
    blankAccount(stack);
    const r = await runCli(['cloud', 'apply'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cloud apply --yes/);
    assert.deepEqual(stack.live.state.callbackTemplates, []);
  });

  it('apply --yes converges and says what it did; a second apply has nothing to do', async () => {
    blankAccount(stack);
    const r = await runCli(['cloud', 'apply', '--yes'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /done {2}lvb\.callback-template: CreateLiveCallbackTemplate minilvb/);
    assert.match(r.stdout, /left {2}cos\.bucket \(manual\): no bucket xiaozhibo-1250000000 .*--create-bucket/);
    const again = await runCli(['cloud', 'apply', '--yes', '--json'], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(again.json<{ data: { applied: { done: unknown[] } } }>().data.applied.done, []);
  });

  it('a failed step keeps the cloud code and RequestId, and a CAM denial names the permission', async () => {
    blankAccount(stack);
    const key = stack.live.state.keys[0];
    assert.ok(key);
    key.allowedActions = [
      'DescribeLiveDomains',
      'DescribeLivePushAuthKey',
      'DescribeLivePlayAuthKey',
      'DescribeLiveCallbackTemplates',
      'DescribeLiveCallbackRules',
      'DescribeLiveRecordTemplates',
      'DescribeLiveRecordRules',
      'ModifyLivePushAuthKey',
      'ModifyLivePlayAuthKey',
    ];
    const r = await runCli(['cloud', 'apply', '--yes', '--json'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const applied = r.json<{
      data: {
        applied: {
          done: Array<{ id: string }>;
          error: {
            cloudCode: string;
            requestId: string;
            permission: string;
            permissions: string[];
            message: string;
            hint: string;
          };
        };
      };
    }>().data.applied;
    assert.deepEqual(
      applied.done.map((d) => d.id),
      ['lvb.push-auth-key', 'lvb.play-auth-key'],
    );
    assert.equal(applied.error.cloudCode, 'AuthFailure.UnauthorizedOperation');
    assert.equal(applied.error.permission, 'live:CreateLiveCallbackTemplate');
    assert.match(applied.error.requestId, /^[0-9a-f-]{36}$/);
    assert.ok(applied.error.message.includes(`RequestId ${applied.error.requestId}`));
    assert.match(applied.error.hint, /QcloudLiveFullAccess/);
    // The narrower policy: every write still ahead, not only the one that failed.
    assert.deepEqual(applied.error.permissions, [
      'live:CreateLiveCallbackTemplate',
      'live:CreateLiveCallbackRule',
      'live:CreateLiveRecordTemplate',
      'live:CreateLiveRecordRule',
    ]);
    assert.match(
      applied.error.hint,
      /A narrower policy must allow: live:CreateLiveCallbackTemplate, .*CreateLiveRecordRule\./,
    );
    const text = await runCli(['cloud', 'apply', '--yes'], { cwd: dir });
    assert.equal(text.code, 1);
    assert.match(text.stdout, /failed lvb\.callback-template: CreateLiveCallbackTemplate minilvb/);
    assert.match(text.stdout, /AuthFailure\.UnauthorizedOperation .*RequestId [0-9a-f-]{36}/);
  });

  it('plan exits 1 when a setting cannot be read, naming the permission the key lacks', async () => {
    const key = stack.live.state.keys[0];
    assert.ok(key);
    key.allowedActions = [
      'DescribeLiveDomains',
      'DescribeLivePushAuthKey',
      'DescribeLivePlayAuthKey',
      'DescribeLiveCallbackTemplates',
      'DescribeLiveCallbackRules',
      'DescribeLiveRecordTemplates',
    ];
    const r = await runCli(['cloud', 'plan'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✗ error {2}lvb\.record-template/);
    assert.match(r.stdout, /Grant live:DescribeLiveRecordRules .*QcloudLiveReadOnlyAccess/);
    assert.match(r.stdout, /✓ ok {5}lvb\.callback-template/);
  });

  it('doctor --fix offers cloud apply for a cloud-side finding and re-checks it', async () => {
    const live = stack.live.state;
    live.pushAuthKeys['push.example.com'] = {
      Enable: 1,
      MasterAuthKey: 'some-other-key-9999',
      BackupAuthKey: '',
      AuthDelta: 1800,
    };
    live.recordRules = [];
    const listed = await runCli(['doctor', 'lvb', '--fix', '--json'], { cwd: dir });
    const fixes = listed.json<{ data: { fixes: Array<{ id: string; action: string; applied: boolean }> } }>().data
      .fixes;
    assert.deepEqual(
      fixes.map((f) => [f.id, f.applied]),
      [
        ['lvb.push-key', false],
        ['lvb.record-rule', false],
      ],
    );
    assert.match(fixes[0]?.action ?? '', /^minilvb cloud apply for lvb\.push-auth-key: ModifyLivePushAuthKey/);
    assert.equal(live.pushAuthKeys['push.example.com']?.MasterAuthKey, 'some-other-key-9999');
    const fixed = await runCli(['doctor', 'lvb', '--fix', '--yes', '--json'], { cwd: dir });
    const data = fixed.json<{ data: { fixes: Array<{ id: string; applied: boolean; after?: { status: string } }> } }>()
      .data;
    assert.deepEqual(
      data.fixes.map((f) => [f.id, f.applied, f.after?.status]),
      [
        ['lvb.push-key', true, 'pass'],
        ['lvb.record-rule', true, 'pass'],
      ],
    );
    assert.equal(live.pushAuthKeys['push.example.com']?.MasterAuthKey, TEST_SECRETS.pushKey);
  });
});
