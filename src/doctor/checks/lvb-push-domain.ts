/**
 * The push domain (configured, or `{bizid}.livepush.myqcloud.com`) exists, is enabled and its CNAME is active
 * (LVB-APPID-BIZID).
 */
import { defineCheck, fail, pass, skip } from '../check.js';
import { liveCall, pushDomainOf } from '../probe/cloud-clients.js';
import { liveCallFailure } from '../probe/live-failure.js';

const DOMAINS = 'https://console.cloud.tencent.com/live/domainmanage';

export default defineCheck({
  id: 'lvb.push-domain',
  group: 'lvb',
  title: 'LVB push domain exists and is enabled',
  needs: { checks: ['lvb.cloud-credentials'] },
  async run(ctx) {
    const want = pushDomainOf(ctx.config);
    if (!want) return skip('neither lvb.pushDomain nor lvb.bizId is configured');
    const domains = await liveCall(ctx, 'domains', (c) => c.describeLiveDomains());
    if (!domains) return skip('no cloud API credentials');
    if (!domains.ok) return liveCallFailure(ctx, domains, 'DescribeLiveDomains');
    const push = domains.domains.filter((d) => d.Type === 0).map((d) => d.Name ?? '');
    const evidence = { domain: want.domain, accountPushDomains: push.join(', ') || '(none)' };
    const d = domains.domains.find((x) => x.Name === want.domain);
    if (!d) {
      const bizids = push
        .map((n) => /^(\d+)\.livepush\.myqcloud\.com$/.exec(n)?.[1])
        .filter((b): b is string => b !== undefined);
      if (want.legacy && bizids.length > 0) {
        return fail({
          summary:
            `${want.domain} is not in the account; it has ` +
            `${bizids.map((b) => `${b}.livepush.myqcloud.com`).join(', ')}`,
          cause:
            `lvb.bizId (APP_BIZID) is wrong: push URLs go to a host that refuses ` +
            `them ("RTMP server actively disconnects")`,
          fix: {
            text: `Set lvb.bizId to ${bizids[0]} (and lvb.appId to the account's APPID).`,
            commands: [`minilvb config set lvb.bizId ${bizids[0]}`],
          },
          faqId: 'LVB-APPID-BIZID',
          evidence,
        });
      }
      return fail({
        summary:
          `push domain ${want.domain} is not in the account` +
          `${push.length > 0 ? ` (push domains: ${push.join(', ')})` : ''}`,
        cause: want.legacy
          ? 'lvb.bizId is wrong, or the API key belongs to another account'
          : 'the domain was never added as a push domain, is mistyped in ' +
            'lvb.pushDomain, or the API key belongs to another account',
        fix: {
          text: 'Add the push domain in the live console (Domain Management), or correct lvb.pushDomain.',
          link: DOMAINS,
        },
        faqId: 'LVB-APPID-BIZID',
        evidence,
      });
    }
    if (d.Type !== 0) {
      return fail({
        summary: `${want.domain} is a playback domain, not a push domain`,
        cause: 'lvb.pushDomain holds the play domain',
        fix: {
          text: `Set lvb.pushDomain to one of: ${push.join(', ') || '(add a push domain first)'}.`,
          link: DOMAINS,
        },
        faqId: 'LVB-APPID-BIZID',
        evidence,
      });
    }
    if (d.Status !== 1) {
      return fail({
        summary: `push domain ${want.domain} is disabled`,
        cause: 'a disabled domain refuses every push ("RTMP server actively disconnects")',
        fix: { text: 'Enable the domain in the live console (Domain Management > Enable).', link: DOMAINS },
        faqId: 'LVB-APPID-BIZID',
        evidence: { ...evidence, status: d.Status ?? -1 },
      });
    }
    if (!want.legacy && d.TargetDomain && d.CurrentCName !== d.TargetDomain) {
      return fail({
        summary: `the CNAME of ${want.domain} is not active (points to ${d.CurrentCName || 'nothing'})`,
        cause: 'pushes to the domain never reach Tencent until its CNAME points to the target domain',
        fix: {
          text: `Create the DNS record: ${want.domain} CNAME ${d.TargetDomain}.`,
          commands: [`dig +short CNAME ${want.domain}`],
        },
        faqId: 'LVB-APPID-BIZID',
        evidence: { ...evidence, targetDomain: d.TargetDomain, currentCName: d.CurrentCName ?? '' },
      });
    }
    return pass(`push domain ${want.domain} is enabled${want.legacy ? '' : ' and its CNAME is active'}`, { evidence });
  },
});
