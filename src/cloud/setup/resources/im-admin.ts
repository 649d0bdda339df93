/** im.admin: the administrator account is imported (account_check; account_import is idempotent) (IM-ADMIN). */
import { imAccountCheck, imAccountImport, type ImClientOptions } from '../../im.js';
import { defineResource, type SetupContext } from '../types.js';
import { change } from './shared.js';

function imOf(ctx: SetupContext): ImClientOptions {
  const im = ctx.clients.im;
  if (!im) throw new Error('no IM options: the resource should have been skipped');
  return im;
}

export default defineResource({
  id: 'im.admin',
  title: 'IM administrator account imported',
  skip: (ctx) => (ctx.clients.im ? undefined : 'IM is not configured (im.sdkAppId and im.secretKey)'),
  async read(ctx): Promise<string> {
    const im = imOf(ctx);
    const r = await ctx.call('IM account_check', () => imAccountCheck(im));
    return r.items.find((i) => i.userId === im.administrator)?.status ?? 'NotImported';
  },
  desired: (ctx) => ({ admin: imOf(ctx).administrator }),
  diff(status, want) {
    if (status === 'Imported') return { action: 'ok', notes: [`${want.admin} is imported`] };
    return {
      action: 'create',
      changes: [change('account', status, `${want.admin} (Imported)`)],
      steps: [
        {
          action: 'IM account_import',
          description: `IM account_import ${want.admin}`,
          run: async (c) => {
            const im = imOf(c);
            await c.call('IM account_import', () => imAccountImport(im, want.admin));
          },
        },
      ],
    };
  },
});
