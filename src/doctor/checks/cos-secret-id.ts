/** COS knows the configured SecretId (InvalidAccessKeyId → COS-SECRETID). */
import { mask } from '../../secrets/mask.js';
import { defineCheck, fail, pass, skip } from '../check.js';
import { cosBucketList } from '../probe/cloud-clients.js';
import { cosCallFailure, isCosClockError } from '../probe/cos-failure.js';

export default defineCheck({
  id: 'cos.secret-id',
  group: 'cos',
  title: 'COS SecretId exists',
  needs: { config: ['cos.secretId', 'cos.secretKey'], checks: ['cos.clock-skew'] },
  async run(ctx) {
    const list = await cosBucketList(ctx);
    if (!list) return skip('COS is not fully configured');
    const secretId = mask(ctx.config.cos.secretId ?? '');
    const evidence = { secretId, ...(list.requestId ? { requestId: list.requestId } : {}) };
    if (list.ok) return pass(`COS accepts SecretId ${secretId}`, { evidence });
    if (list.code === 'InvalidAccessKeyId') {
      return fail({
        summary: `COS does not know SecretId ${secretId} (InvalidAccessKeyId)`,
        cause:
          'cos.secretId (COSKEY_SECRECTID on the server) is mistyped, was deleted ' +
          'or disabled, or belongs to another account',
        fix: {
          text:
            'Copy the SecretId/SecretKey pair from the CAM console (API keys) into ' +
            'cos.secretId and cos.secretKey, and into the server configuration.',
          link: 'https://console.cloud.tencent.com/cam/capi',
        },
        faqId: 'COS-SECRETID',
        evidence: { ...evidence, requestId: list.requestId ?? '' },
      });
    }
    // Any other COS error code means COS found the SecretId; later checks name those causes.
    if (list.code === 'SignatureDoesNotMatch' || (list.code === 'AccessDenied' && !isCosClockError(list)))
      return pass(`COS knows SecretId ${secretId}`, { evidence });
    return cosCallFailure(ctx, list, 'GET Service');
  },
});
