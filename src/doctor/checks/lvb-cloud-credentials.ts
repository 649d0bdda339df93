/** The cloud API key works for the live API; every other lvb check depends on it (API-*). */
import { mask } from '../../secrets/mask.js';
import { defineCheck, pass, skip } from '../check.js';
import { liveCall } from '../probe/cloud-clients.js';
import { liveCallFailure } from '../probe/live-failure.js';

export default defineCheck({
  id: 'lvb.cloud-credentials',
  group: 'lvb',
  title: 'Cloud API key reads live settings',
  needs: { config: ['cloud.secretId', 'cloud.secretKey'] },
  async run(ctx) {
    const domains = await liveCall(ctx, 'domains', (c) => c.describeLiveDomains());
    if (!domains) return skip('no cloud API credentials: set cloud.secretId and cloud.secretKey to let doctor read the LVB settings');
    if (!domains.ok) return liveCallFailure(ctx, domains, 'DescribeLiveDomains');
    return pass(`SecretId ${mask(ctx.config.cloud.secretId ?? '')} reads the live settings (${domains.allCount} domain${domains.allCount === 1 ? '' : 's'})`, {
      evidence: { secretId: mask(ctx.config.cloud.secretId ?? ''), domains: domains.allCount, ...(domains.requestId ? { requestId: domains.requestId } : {}) },
    });
  },
});
