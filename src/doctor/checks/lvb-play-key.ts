/** The play anti-leech key on the play domain equals lvb.playKey, compared by fingerprint. */
import { fingerprint } from '../../secrets/mask.js';
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { liveCall } from '../probe/cloud-clients.js';
import { liveCallFailure } from '../probe/live-failure.js';
import { cloudApplyFix } from '../fix/cloud-apply.js';

export default defineCheck({
  id: 'lvb.play-key',
  group: 'lvb',
  title: 'LVB play key matches the play domain',
  needs: { config: ['lvb.playDomain', 'lvb.playKey'], checks: ['lvb.cloud-credentials'] },
  fix: cloudApplyFix('lvb.play-auth-key'),
  async run(ctx) {
    const domain = ctx.config.lvb.playDomain as string;
    const domains = await liveCall(ctx, 'domains', (c) => c.describeLiveDomains());
    if (!domains) return skip('no cloud API credentials');
    if (domains.ok && !domains.domains.some((d) => d.Name === domain && d.Type === 1)) {
      const play = domains.domains.filter((d) => d.Type === 1).map((d) => d.Name ?? '');
      return fail({
        summary:
          `play domain ${domain} is not in the account` +
          `${play.length > 0 ? ` (play domains: ${play.join(', ')})` : ''}`,
        cause: 'lvb.playDomain is mistyped, or the domain was never added as a playback domain',
        fix: {
          text: 'Add the playback domain in Domain Management, or correct lvb.playDomain.',
          link: 'https://console.cloud.tencent.com/live/domainmanage',
        },
        evidence: { domain },
      });
    }
    const r = await liveCall(ctx, `play-key:${domain}`, (c) => c.describePlayAuthKey(domain));
    if (!r) return skip('no cloud API credentials');
    if (!r.ok) return liveCallFailure(ctx, r, 'DescribeLivePlayAuthKey');
    const local = fingerprint(ctx.config.lvb.playKey ?? '');
    const main = r.info.AuthKey ? fingerprint(r.info.AuthKey) : '';
    const back = r.info.AuthBackKey ? fingerprint(r.info.AuthBackKey) : '';
    const evidence = {
      domain,
      configFingerprint: local,
      cloudKeyFingerprint: main || '(none)',
      cloudBackupFingerprint: back || '(none)',
      enabled: r.info.Enable === 1,
    };
    if (r.info.Enable !== 1) {
      return warn({
        summary: `play authentication is off on ${domain}`,
        cause: "signed play URLs still play, but so does anyone else's copy of a URL; lvb.playKey is not checked",
        fix: {
          text: 'Turn on play authentication with lvb.playKey, or drop lvb.playKey.',
          link: 'https://console.cloud.tencent.com/live/domainmanage',
        },
        evidence,
      });
    }
    if (local === main || local === back)
      return pass(`lvb.playKey is the ${local === main ? 'main' : 'backup'} play key of ${domain}`, { evidence });
    return fail({
      summary: `lvb.playKey (fp ${local}) is not the play key of ${domain} (fp ${main || 'none'})`,
      cause: 'signed play URLs are refused (HTTP 403) on the play domain',
      fix: {
        text:
          'Copy the play authentication key from Domain Management > play domain > ' +
          'Access control into lvb.playKey.',
        link: 'https://console.cloud.tencent.com/live/domainmanage',
      },
      evidence,
    });
  },
});
