/**
 * `/upload_room` (signed): the room a later recording callback attaches to. Stores the
 * frontcover sent; only when it is absent or empty falls back to the profile's (docs/app-protocol.md#d7).
 */
import { CODE, fail, ok } from '../envelope.js';
import { endpoint } from './endpoint.js';

export const uploadRoom = endpoint({
  name: 'upload_room',
  auth: 'liteav-sig',
  rules: [
    // 128, not tb_room's 255: the title is later copied into tb_vod.title varchar(128) (docs/app-protocol.md#d9).
    { field: 'title', type: 'string', required: true, max: 128 },
    { field: 'frontcover', type: 'string', required: false, max: 255 },
    { field: 'location', type: 'string', required: false, max: 128 },
  ],
  async handle(ctx, { userid, params }) {
    const account = await ctx.store.getAccount(userid);
    if (!account) throw fail(CODE.userNotExist, `upload_room fail: ${userid}user not exist`);
    const sent = params.frontcover as string | undefined;
    await ctx.store.upsertRoom({
      userid,
      title: params.title as string,
      frontcover: sent ? sent : (account.frontcover ?? ''),
      location: (params.location as string | undefined) ?? null,
      createTime: new Date(ctx.now() * 1000),
    });
    return ok();
  },
});
