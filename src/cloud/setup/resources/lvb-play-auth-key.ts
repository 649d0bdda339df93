/** lvb.play-auth-key: play authentication on with lvb.playKey, only when lvb.playKey is set (lvb.play-key). */
import type { PlayAuthKeyInfo } from '../../live.js';
import { defineResource } from '../types.js';
import { change, isDomainMissing, liveOf, NO_LIVE } from './shared.js';

export default defineResource({
  id: 'lvb.play-auth-key',
  title: 'Play authentication key',
  dependsOn: ['lvb.domains'],
  skip: (ctx) =>
    !ctx.clients.live
      ? NO_LIVE
      : !ctx.config.lvb.playKey || !ctx.config.lvb.playDomain
        ? 'lvb.playKey or lvb.playDomain is not set (play authentication stays as it is)'
        : undefined,
  async read(ctx): Promise<PlayAuthKeyInfo> {
    const domain = ctx.config.lvb.playDomain ?? '';
    const live = liveOf(ctx);
    try {
      return (await ctx.call('DescribeLivePlayAuthKey', () => live.describePlayAuthKey(domain))).info;
    } catch (err) {
      if (isDomainMissing(err)) return {};
      throw err;
    }
  },
  desired: (ctx) => ({ domain: ctx.config.lvb.playDomain ?? '', key: ctx.config.lvb.playKey ?? '' }),
  diff(cur, want) {
    const enabled = cur.Enable === 1;
    if (enabled && (cur.AuthKey === want.key || cur.AuthBackKey === want.key))
      return { action: 'ok', notes: [`lvb.playKey is a play key of ${want.domain}`] };
    const back = cur.AuthBackKey ?? '';
    return {
      action: cur.AuthKey || enabled ? 'update' : 'create',
      changes: [
        ...(enabled ? [] : [change('Enable', cur.Enable ?? 0, 1)]),
        ...(cur.AuthKey === want.key ? [] : [change('AuthKey', cur.AuthKey, want.key, true)]),
      ],
      notes: back ? ['the existing backup key is kept'] : [],
      steps: [
        {
          action: 'ModifyLivePlayAuthKey',
          description: `ModifyLivePlayAuthKey ${want.domain}: Enable 1, AuthKey lvb.playKey`,
          run: async (c) => {
            const live = liveOf(c);
            await c.call('ModifyLivePlayAuthKey', () =>
              live.modifyPlayAuthKey({
                DomainName: want.domain,
                Enable: 1,
                AuthKey: want.key,
                ...(back ? { AuthBackKey: back } : {}),
                AuthDelta: cur.AuthDelta && cur.AuthDelta > 0 ? cur.AuthDelta : 1800,
              }),
            );
          },
        },
      ],
    };
  },
});
