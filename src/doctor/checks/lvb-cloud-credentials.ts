/**
 * The cloud API key works for the live API; every other lvb check depends on it (API-*). A key
 * whose CAM policy denies some reads warns here (API-PERM); the checks needing them are skipped.
 */
import { mask } from '../../secrets/mask.js';
import { defineCheck, pass, skip, warn } from '../check.js';
import { deniedLiveActions, liveCall } from '../probe/cloud-clients.js';
import { isPermissionDenied, liveCallFailure } from '../probe/live-failure.js';

export default defineCheck({
  id: 'lvb.cloud-credentials',
  group: 'lvb',
  title: 'Cloud API key reads live settings',
  needs: { config: ['cloud.secretId', 'cloud.secretKey'] },
  async run(ctx) {
    const domains = await liveCall(ctx, 'domains', (c) => c.describeLiveDomains());
    if (!domains)
      return skip(
        'no cloud API credentials: set cloud.secretId and cloud.secretKey to let doctor read the LVB settings',
      );
    if (!domains.ok) return liveCallFailure(ctx, domains, 'DescribeLiveDomains');
    const secretId = mask(ctx.config.cloud.secretId ?? '');
    const evidence = {
      secretId,
      domains: domains.allCount,
      ...(domains.requestId ? { requestId: domains.requestId } : {}),
    };
    const denied = await deniedLiveActions(ctx, isPermissionDenied);
    if (denied.length > 0) {
      return warn({
        summary: `SecretId ${secretId} may not call ${denied.join(', ')}: the checks that read them are skipped`,
        cause:
          'the CAM policy of the key allows only part of the live read actions, so doctor cannot verify those settings',
        fix: {
          text:
            "Attach QcloudLiveReadOnlyAccess to the key's CAM user (or allow these " +
            'actions) to let doctor check them.',
          link: 'https://console.cloud.tencent.com/cam',
        },
        faqId: 'API-PERM',
        evidence: { ...evidence, denied: denied.join(', ') },
      });
    }
    return pass(
      `SecretId ${secretId} reads the live settings (${domains.allCount} domain${domains.allCount === 1 ? '' : 's'})`,
      { evidence },
    );
  },
});
