/** Which cloud failures `cloud apply` retries, and how a CAM denial becomes a named permission. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { CloudCallError, errorHint, errorInfo, isTransient, permissionOf } from '../../src/cloud/setup/context.js';

const failure = (code: string, extra: { httpStatus?: number; message?: string; requestId?: string } = {}) => ({
  ok: false as const,
  code,
  message: extra.message ?? 'm',
  ...extra,
});

describe('cloud setup errors', () => {
  it('retries outages only, not answers that merely start with InternalError', () => {
    for (const code of ['InternalError', 'InternalError.SystemError', 'RequestLimitExceeded', 'HTTP502'])
      assert.equal(isTransient(failure(code)), true, code);
    assert.equal(isTransient(failure('SlowDown', { httpStatus: 503 })), true);
    for (const code of ['InternalError.RuleAlreadyExist', 'InternalError.ConfOutLimit', 'AccessDenied', '70009'])
      assert.equal(isTransient(failure(code)), false, code);
  });

  it('names the permission and policy of a CAM denial, per service', () => {
    const live = errorInfo(
      'CreateLiveCallbackRule',
      failure('AuthFailure.UnauthorizedOperation', { requestId: 'r-1' }),
    );
    assert.equal(live.permission, 'live:CreateLiveCallbackRule');
    assert.equal(live.policy, 'QcloudLiveFullAccess');
    assert.equal(
      errorInfo('DescribeLiveRecordRules', failure('UnauthorizedOperation')).policy,
      'QcloudLiveReadOnlyAccess',
    );
    const cos = errorInfo('PUT Bucket acl', failure('AccessDenied', { httpStatus: 403 }));
    assert.equal(cos.permission, 'cos:PutBucketACL');
    // An expired signature is a clock problem, not a missing permission.
    assert.equal(
      errorInfo('PUT Bucket', failure('AccessDenied', { message: 'Request has expired' })).permission,
      undefined,
    );
    assert.equal(permissionOf('IM account_import'), undefined);
    const err = new CloudCallError(live, errorHint(live));
    assert.equal(err.code, 'MLVB_CLOUD_PERMISSION');
    assert.equal(err.message, 'CreateLiveCallbackRule failed: AuthFailure.UnauthorizedOperation m, RequestId r-1');
    assert.match(err.hint ?? '', /Grant live:CreateLiveCallbackRule .*QcloudLiveFullAccess/);
    assert.equal(new CloudCallError(errorInfo('X', failure('InvalidParameter'))).code, 'MLVB_CLOUD');
  });
});
