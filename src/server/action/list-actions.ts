/** FetchList, GetUserInfo, EnterGroup, QuitGroup, FetchGroupMemberList (docs/app-protocol.md#actions). */
import type { ServerContext } from '../context.js';
import { LIST_WINDOW_SECONDS } from '../routes/vod-list.js';
import { actionOk, paraError, type ActionReply } from './envelope.js';
import { int, optStr, pageOf, str } from './fields.js';
import { livePusherInfo, vodPusherInfo } from './pusher-info.js';

type Body = Record<string, unknown>;

function since(ctx: ServerContext): Date {
  return new Date((ctx.now() - LIST_WINDOW_SECONDS) * 1000);
}

export async function fetchList(ctx: ServerContext, body: Body): Promise<ActionReply> {
  const flag = int(body, 'flag', [1, 2, 3]);
  const { offset, limit } = pageOf(body);
  if (flag === 1) {
    const live = await ctx.store.listLive({ offset, limit, onlineOnly: true });
    return actionOk({ totalcount: live.total, pusherlist: live.items.map((e) => livePusherInfo(ctx, e)) });
  }
  if (flag === 2) {
    const [total, vods] = await Promise.all([
      ctx.store.countVods(since(ctx)),
      ctx.store.listVods({ since: since(ctx), offset, limit }),
    ]);
    return actionOk({ totalcount: total, pusherlist: vods.map(vodPusherInfo) });
  }
  // 3: the online list followed by the VOD list, paged as one list.
  const live = await ctx.store.listLive({ offset, limit, onlineOnly: true });
  const vodTotal = await ctx.store.countVods(since(ctx));
  const list = live.items.map((e) => livePusherInfo(ctx, e));
  if (list.length < limit) {
    const vods = await ctx.store.listVods({
      since: since(ctx),
      offset: Math.max(0, offset - live.total),
      limit: limit - list.length,
    });
    list.push(...vods.map(vodPusherInfo));
  }
  return actionOk({ totalcount: live.total + vodTotal, pusherlist: list });
}

export async function getUserInfoAction(ctx: ServerContext, body: Body): Promise<ActionReply> {
  const userid = str(body, 'userid', 50);
  const type = int(body, 'type', [0, 1]);
  if (type === 0) {
    const live = await ctx.store.getLive(userid);
    if (!live) throw paraError(`no live session for ${userid}`);
    return actionOk(livePusherInfo(ctx, live));
  }
  const fileid = str(body, 'fileid', 150);
  const [vod, account] = await Promise.all([ctx.store.getVod(userid, fileid), ctx.store.getAccount(userid)]);
  if (!vod) throw paraError('no such recording');
  return actionOk(vodPusherInfo({ ...vod, nickname: account?.nickname ?? null, avatar: account?.avatar ?? null }));
}

export async function enterGroup(ctx: ServerContext, body: Body): Promise<ActionReply> {
  const userid = str(body, 'userid', 50);
  const flag = int(body, 'flag', [0, 1]);
  const liveuserid = str(body, 'liveuserid', 50);
  const groupid = str(body, 'groupid', 150);
  const added = await ctx.store.addMember({
    groupid,
    userid,
    liveuserid,
    nickname: optStr(body, 'nickname', 100),
    headpic: optStr(body, 'headpic', 254),
  });
  if (added) await adjustViewers(ctx, flag, liveuserid, groupid, 1);
  return actionOk();
}

export async function quitGroup(ctx: ServerContext, body: Body): Promise<ActionReply> {
  const userid = str(body, 'userid', 50);
  const flag = int(body, 'flag', [0, 1]);
  const liveuserid = str(body, 'liveuserid', 50);
  const groupid = str(body, 'groupid', 150);
  if (await ctx.store.removeMember(groupid, userid)) await adjustViewers(ctx, flag, liveuserid, groupid, -1);
  return actionOk();
}

/** The viewer count follows membership: once per viewer, never below 0. */
async function adjustViewers(
  ctx: ServerContext,
  flag: number,
  liveuserid: string,
  groupid: string,
  step: number,
): Promise<void> {
  if (flag === 0) await ctx.store.adjustLiveCounts(liveuserid, { viewers: step });
  else await ctx.store.adjustVodCounts(liveuserid, groupid, { viewers: step });
}

export async function fetchGroupMemberList(ctx: ServerContext, body: Body): Promise<ActionReply> {
  str(body, 'liveuserid', 50);
  const groupid = str(body, 'groupid', 150);
  const members = await ctx.store.listMembers(groupid, pageOf(body));
  return actionOk({
    totalcount: members.total,
    memberlist: members.items.map((m) => ({ userid: m.userid, nickname: m.nickname, headpic: m.headpic })),
  });
}
