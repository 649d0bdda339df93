/** Live API 3.0 failures (docs/cloud-apis.md#api-errors) turned into findings naming the cloud credential at fault. */
import type { CloudFailure } from '../../cloud/result.js';
import { mask } from '../../secrets/mask.js';
import { fail, skip, type CheckContext, type CheckOutcome } from '../check.js';
import { transportOutcome } from './cloud-finding.js';

const CAM_KEYS = 'https://console.cloud.tencent.com/cam/capi';

/** A finding for any live API failure; `action` names the call for permission errors. */
export function liveCallFailure(ctx: CheckContext, f: CloudFailure, action: string): CheckOutcome {
  const transport = transportOutcome(f, {
    name: 'the Live API',
    where: ctx.config.cloud.liveEndpoint,
    endpointField: 'cloud.liveEndpoint',
  });
  if (transport) return transport;
  const secretId = mask(ctx.config.cloud.secretId ?? '');
  const evidence = { action, code: f.code, secretId, ...(f.requestId ? { requestId: f.requestId } : {}) };
  switch (f.code) {
    case 'AuthFailure.SecretIdNotFound':
    case 'AuthFailure.InvalidSecretId':
    case 'AuthFailure.TokenFailure':
      return fail({
        summary: `the cloud API does not know SecretId ${secretId} (${f.code})`,
        cause: 'cloud.secretId is mistyped (stray whitespace?), deleted or disabled, or is not an API key',
        fix: {
          text: 'Copy an API key pair from the CAM console into cloud.secretId / cloud.secretKey (or ~/.tccli).',
          link: CAM_KEYS,
        },
        faqId: 'API-SECRETID',
        evidence,
      });
    case 'AuthFailure.SignatureFailure':
      return fail({
        summary: `cloud.secretKey is not the SecretKey of SecretId ${secretId} (AuthFailure.SignatureFailure)`,
        cause: 'the SecretKey was mistyped or belongs to another key pair',
        fix: { text: 'Copy the SecretKey of this SecretId from the CAM console into cloud.secretKey.', link: CAM_KEYS },
        faqId: 'API-SECRETKEY',
        evidence,
      });
    case 'AuthFailure.SignatureExpire':
      return fail({
        summary: 'the cloud API rejects the request time (AuthFailure.SignatureExpire)',
        cause: "this machine's clock is more than 5 minutes off",
        fix: { text: 'Turn on NTP.', commands: ['timedatectl set-ntp true'] },
        faqId: 'API-CLOCK',
        evidence,
      });
    case 'AuthFailure.UnauthorizedOperation':
    case 'UnauthorizedOperation':
    case 'AuthFailure.MFAFailure':
      // The key works but may not read this setting: nothing is known about the setting itself.
      if (action !== 'DescribeLiveDomains')
        return skip(`not checked: the API key may not call ${action} (${f.code}; see lvb.cloud-credentials)`, {
          faqId: 'API-PERM',
          evidence,
        });
      return fail({
        summary: `the API key may not call ${action} (${f.code})`,
        cause: 'the CAM policy of the key does not allow reading live settings',
        fix: {
          text: "Attach QcloudLiveReadOnlyAccess (or QcloudLiveFullAccess) to the key's CAM user.",
          link: 'https://console.cloud.tencent.com/cam',
        },
        faqId: 'API-PERM',
        evidence,
      });
    case 'ResourceNotFound':
      return fail({
        summary: 'the live service is not activated for this account (ResourceNotFound)',
        cause:
          'the API key belongs to an account without Cloud Streaming Services, or to another account than the LVB one',
        fix: {
          text: 'Activate Live (CSS) in the console, or use an API key of the account that owns the push domain.',
          link: 'https://console.cloud.tencent.com/live',
        },
        faqId: 'API-LIVE-NOT-OPEN',
        evidence,
      });
    default:
      return fail({
        summary: `${action} failed: ${f.code} ${f.message}`,
        cause: 'the live API refused the request',
        fix: {
          text: 'See the API 3.0 common error codes for this code.',
          link: 'https://cloud.tencent.com/document/api/267/20474',
        },
        evidence,
      });
  }
}

/** Cloud codes that mean "the CAM policy denies this action". */
export function isPermissionDenied(f: CloudFailure): boolean {
  return (
    f.code === 'AuthFailure.UnauthorizedOperation' ||
    f.code === 'UnauthorizedOperation' ||
    f.code === 'AuthFailure.MFAFailure'
  );
}
