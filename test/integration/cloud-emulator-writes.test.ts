/**
 * The emulators' write actions answer as the cloud does: TC3 / COS signatures verified before anything is
 * written, and the real codes for an existing domain or rule, a missing domain, an existing bucket, a CAM
 * denial; IM account_import is idempotent.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { createCosClient } from '../../src/cloud/cos.js';
import { imAccountCheck, imAccountImport } from '../../src/cloud/im.js';
import { createLiveClient } from '../../src/cloud/live.js';
import {
  healthyCosState,
  healthyImState,
  healthyLiveState,
  startCloudStack,
  STACK,
  type CloudStack,
} from '../emulators/cloud-stack.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';

let stack: CloudStack;
beforeAll(async () => {
  stack = await startCloudStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  Object.assign(stack.cos.state, healthyCosState());
  Object.assign(stack.live.state, healthyLiveState());
  Object.assign(stack.im.state, healthyImState());
});

const live = (secretKey: string = TEST_SECRETS.cloudSecretKey) =>
  createLiveClient({ secretId: TEST_SECRETS.cloudSecretId, secretKey, endpoint: stack.live.url });

describe('emulator write actions', () => {
  it('a live write signed with the wrong key is refused and changes nothing', async () => {
    const c = await live('not-the-secret-key-000000000000');
    const r = await c.modifyPushAuthKey({ DomainName: STACK.pushDomain, Enable: 0 });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'AuthFailure.SignatureFailure');
    assert.equal(stack.live.state.pushAuthKeys[STACK.pushDomain]?.Enable, 1);
  });

  it('live writes answer the cloud codes for existing and missing things', async () => {
    const c = await live();
    const dup = await c.addLiveDomain({ DomainName: STACK.pushDomain, DomainType: 0 });
    assert.equal(!dup.ok && dup.code, 'FailedOperation.DomainAdded');
    const rule = await c.createCallbackRule({ DomainName: STACK.pushDomain, AppName: 'live', TemplateId: 1001 });
    assert.equal(!rule.ok && rule.code, 'FailedOperation.RuleAlreadyExist');
    const nodomain = await c.createRecordRule({ DomainName: 'nope.example.com', AppName: 'live', TemplateId: 2001 });
    assert.equal(!nodomain.ok && nodomain.code, 'ResourceNotFound.DomainNotExist');
    assert.ok(!nodomain.ok && /^[0-9a-f-]{36}$/.test(nodomain.requestId ?? ''));
    const key = stack.live.state.keys[0];
    assert.ok(key);
    key.allowedActions = ['DescribeLiveDomains'];
    const denied = await c.createRecordTemplate({ TemplateName: 'x' });
    assert.equal(!denied.ok && denied.code, 'AuthFailure.UnauthorizedOperation');
    assert.equal(stack.live.state.recordTemplates.length, 1);
  });

  it('PUT Bucket creates a bucket with its ACL, and answers 409 BucketAlreadyExists the second time', async () => {
    const c = await createCosClient({
      secretId: TEST_SECRETS.cosSecretId,
      secretKey: TEST_SECRETS.cosSecretKey,
      appId: STACK.cosAppId,
      bucket: 'fresh',
      region: 'ap-chengdu',
      endpoint: stack.cos.host,
    });
    const made = await c.putBucket('public-read');
    assert.equal(made.ok, true, JSON.stringify(made));
    const b = stack.cos.state.buckets.find((x) => x.name === `fresh-${STACK.cosAppId}`);
    assert.equal(b?.acl, 'public-read');
    assert.equal(b?.region, 'ap-chengdu');
    const again = await c.putBucket('public-read');
    assert.equal(!again.ok && again.code, 'BucketAlreadyExists');
    assert.equal(!again.ok && again.httpStatus, 409);
    assert.ok(!again.ok && again.requestId);
  });

  it('IM account_import imports once and is idempotent', async () => {
    const app = stack.im.state.apps[0];
    assert.ok(app);
    app.notImported = ['admin'];
    const opts = {
      endpoint: stack.im.url,
      sdkAppId: STACK.sdkAppId,
      administrator: STACK.administrator,
      secretKey: TEST_SECRETS.imSecretKey,
    };
    for (let i = 0; i < 2; i += 1) assert.equal((await imAccountImport(opts, 'admin')).ok, true);
    const check = await imAccountCheck(opts);
    assert.equal(check.ok && check.items[0]?.status, 'Imported');
    const bad = await imAccountImport({ ...opts, secretKey: 'wrong-key-wrong-key-wrong-key' }, 'admin');
    assert.equal(!bad.ok && bad.code, '70009');
  });
});
