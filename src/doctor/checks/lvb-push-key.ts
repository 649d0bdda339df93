/** The push anti-leech key on the push domain equals lvb.pushKey, compared by fingerprint (LVB-PUSH-KEY). */
import { fingerprint } from '../../secrets/mask.js';
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { liveCall, pushDomainOf } from '../probe/cloud-clients.js';
import { liveCallFailure } from '../probe/live-failure.js';
import { cloudApplyFix } from '../fix/cloud-apply.js';

export default defineCheck({
  id: 'lvb.push-key',
  group: 'lvb',
  title: 'LVB push key matches the push domain',
  needs: { config: ['lvb.pushKey'], checks: ['lvb.push-domain'] },
  fix: cloudApplyFix('lvb.push-auth-key'),
  async run(ctx) {
    const want = pushDomainOf(ctx.config);
    if (!want) return skip('no push domain');
    const r = await liveCall(ctx, `push-key:${want.domain}`, (c) => c.describePushAuthKey(want.domain));
    if (!r) return skip('no cloud API credentials');
    if (!r.ok) return liveCallFailure(ctx, r, 'DescribeLivePushAuthKey');
    const local = fingerprint(ctx.config.lvb.pushKey ?? '');
    const master = r.info.MasterAuthKey ? fingerprint(r.info.MasterAuthKey) : '';
    const backup = r.info.BackupAuthKey ? fingerprint(r.info.BackupAuthKey) : '';
    const evidence = {
      domain: want.domain,
      configFingerprint: local,
      cloudMasterFingerprint: master || '(none)',
      cloudBackupFingerprint: backup || '(none)',
      enabled: r.info.Enable === 1,
    };
    if (r.info.Enable !== 1) {
      return warn({
        summary: `push authentication is off on ${want.domain}`,
        cause: 'anyone who guesses a stream name can push to the domain; the configured key is not checked',
        fix: {
          text:
            'Turn on push authentication with lvb.pushKey as the master key (Domain ' +
            'Management > push domain > Push configuration > Authentication).',
          link: 'https://console.cloud.tencent.com/live/domainmanage',
        },
        faqId: 'LVB-PUSH-KEY',
        evidence,
      });
    }
    if (local === master || local === backup)
      return pass(`lvb.pushKey is the ${local === master ? 'master' : 'backup'} key of ${want.domain}`, { evidence });
    return fail({
      summary:
        `lvb.pushKey (fp ${local}) is neither the master (fp ${master || 'none'}` +
        `) nor the backup key of ${want.domain}`,
      cause:
        'the server signs push URLs with a key the domain does not accept: every ' +
        'push is refused ("RTMP server actively disconnects")',
      fix: {
        text:
          'Copy the master key from Domain Management > push domain > Push ' +
          'configuration > Authentication into lvb.pushKey (server: the push key ' +
          'setting), then restart the server.',
        commands: ['minilvb config set lvb.pushKey <primary key>'],
        link: 'https://console.cloud.tencent.com/live/domainmanage',
      },
      faqId: 'LVB-PUSH-KEY',
      evidence,
    });
  },
});
