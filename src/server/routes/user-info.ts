/**
 * `/get_user_info` and `/upload_user_info` (signed). Upload is a partial update (docs/app-protocol.md#d6); unknown
 * users answer 620 (docs/app-protocol.md#d18).
 */
import { CODE, fail, ok } from '../envelope.js';
import { endpoint } from './endpoint.js';

export const getUserInfo = endpoint({
  name: 'get_user_info',
  auth: 'liteav-sig',
  rules: [],
  async handle(ctx, { userid }) {
    const a = await ctx.store.getAccount(userid);
    if (!a) throw fail(CODE.userNotExist, `get_user_info fail: ${userid}user not exist`);
    return ok({
      userid: a.userid,
      nickname: a.nickname ?? '',
      avatar: a.avatar ?? '',
      sex: a.sex,
      frontcover: a.frontcover ?? '',
    });
  },
});

export const uploadUserInfo = endpoint({
  name: 'upload_user_info',
  auth: 'liteav-sig',
  rules: [
    { field: 'nickname', type: 'string', required: false, max: 100 },
    { field: 'avatar', type: 'string', required: false, max: 254 },
    { field: 'sex', type: 'int', required: false },
    { field: 'frontcover', type: 'string', required: false, max: 255 },
  ],
  async handle(ctx, { userid, params }) {
    const patch: { nickname?: string; avatar?: string; sex?: number; frontcover?: string } = {};
    if (params.nickname !== undefined) patch.nickname = params.nickname as string;
    if (params.avatar !== undefined) patch.avatar = params.avatar as string;
    if (params.sex !== undefined) patch.sex = params.sex as number;
    if (params.frontcover !== undefined) patch.frontcover = params.frontcover as string;
    if (!(await ctx.store.updateAccount(userid, patch)))
      throw fail(CODE.userNotExist, `upload_user_info fail: ${userid}user not exist`);
    return ok();
  },
});
