/** The SecretKey is the pair of the SecretId (SignatureDoesNotMatch → COS-SECRETKEY). */
import { fingerprint, mask } from '../../secrets/mask.js';
import { defineCheck, fail, pass, skip } from '../check.js';
import { cosBucketList } from '../probe/cloud-clients.js';
import { cosCallFailure, isCosClockError } from '../probe/cos-failure.js';

export default defineCheck({
  id: 'cos.secret-key',
  group: 'cos',
  title: 'COS SecretKey matches the SecretId',
  needs: { config: ['cos.secretId', 'cos.secretKey'], checks: ['cos.secret-id'] },
  async run(ctx) {
    const list = await cosBucketList(ctx);
    if (!list) return skip('COS is not fully configured');
    const evidence = {
      secretId: mask(ctx.config.cos.secretId ?? ''),
      secretKeyFingerprint: fingerprint(ctx.config.cos.secretKey ?? ''),
    };
    if (list.ok || (list.code === 'AccessDenied' && !isCosClockError(list)))
      return pass('COS accepts the signature made with cos.secretKey', { evidence });
    if (list.code === 'SignatureDoesNotMatch') {
      return fail({
        summary: `cos.secretKey is not the SecretKey of SecretId ${evidence.secretId} (SignatureDoesNotMatch)`,
        cause:
          'the SecretKey was mistyped or belongs to another key pair; the server ' +
          'signs /get_cos_sign keys with it, so every avatar and cover upload fails',
        fix: {
          text:
            'Copy the SecretKey that belongs to this SecretId from the CAM console ' +
            'into cos.secretKey and the server configuration (COSKEY_SECRECTKEY), ' +
            'then restart the server.',
          link: 'https://console.cloud.tencent.com/cam/capi',
        },
        faqId: 'COS-SECRETKEY',
        evidence: { ...evidence, requestId: list.requestId ?? '' },
      });
    }
    return cosCallFailure(ctx, list, 'GET Service');
  },
});
