/**
 * lvb.push-auth-key: push authentication on with lvb.pushKey as the master key (what lvb.push-key checks).
 * An existing backup key is kept, so URLs signed with it keep working.
 */
import type { PushAuthKeyInfo } from '../../live.js';
import { defineResource } from '../types.js';
import { change, isDomainMissing, liveOf, skipUnlessPushDomain, pushDomainOf } from './shared.js';

export default defineResource({
  id: 'lvb.push-auth-key',
  title: 'Push authentication key',
  dependsOn: ['lvb.domains'],
  skip: (ctx) => skipUnlessPushDomain(ctx, 'pushKey'),
  async read(ctx): Promise<PushAuthKeyInfo> {
    const domain = pushDomainOf(ctx.config)?.domain ?? '';
    const live = liveOf(ctx);
    try {
      return (await ctx.call('DescribeLivePushAuthKey', () => live.describePushAuthKey(domain))).info;
    } catch (err) {
      if (isDomainMissing(err)) return {};
      throw err;
    }
  },
  desired: (ctx) => ({ domain: pushDomainOf(ctx.config)?.domain ?? '', key: ctx.config.lvb.pushKey ?? '' }),
  diff(cur, want) {
    const enabled = cur.Enable === 1;
    const matches = cur.MasterAuthKey === want.key || cur.BackupAuthKey === want.key;
    if (enabled && matches)
      return {
        action: 'ok',
        notes: [`lvb.pushKey is the ${cur.MasterAuthKey === want.key ? 'master' : 'backup'} key of ${want.domain}`],
      };
    const changes = [
      ...(enabled ? [] : [change('Enable', cur.Enable ?? 0, 1)]),
      ...(cur.MasterAuthKey === want.key ? [] : [change('MasterAuthKey', cur.MasterAuthKey, want.key, true)]),
    ];
    const backup = cur.BackupAuthKey ?? '';
    return {
      action: cur.MasterAuthKey || enabled ? 'update' : 'create',
      changes,
      notes: backup ? ['the existing backup key is kept'] : [],
      steps: [
        {
          action: 'ModifyLivePushAuthKey',
          description: `ModifyLivePushAuthKey ${want.domain}: Enable 1, MasterAuthKey lvb.pushKey`,
          run: async (c) => {
            const live = liveOf(c);
            await c.call('ModifyLivePushAuthKey', () =>
              live.modifyPushAuthKey({
                DomainName: want.domain,
                Enable: 1,
                MasterAuthKey: want.key,
                ...(backup ? { BackupAuthKey: backup } : {}),
                AuthDelta: cur.AuthDelta && cur.AuthDelta > 0 ? cur.AuthDelta : 1800,
              }),
            );
          },
        },
      ],
    };
  },
});
