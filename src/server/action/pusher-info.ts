/** The `pusherinfo` object of FetchList and GetUserInfo (docs/app-protocol.md#actions). */
import type { LiveEntry, VodListItem } from '../../db/store.js';
import type { ServerContext } from '../context.js';
import { playUrls } from '../../sign/index.js';

function liveUrls(ctx: ServerContext, userid: string): { flv: string; hls: string } {
  const { bizId, playDomain } = ctx.config.lvb;
  if (bizId === undefined && playDomain === undefined) return { flv: '', hls: '' };
  try {
    const urls = playUrls(
      bizId !== undefined ? { bizId, stream: userid } : { playDomain: playDomain as string, stream: userid },
    );
    return { flv: urls.flv, hls: urls.hls };
  } catch {
    return { flv: '', hls: '' };
  }
}

export function livePusherInfo(ctx: ServerContext, e: LiveEntry): Record<string, unknown> {
  const urls = liveUrls(ctx, e.userid);
  return {
    userid: e.userid,
    groupid: e.groupid,
    timestamp: Math.floor(e.pushTime.getTime() / 1000),
    type: 0,
    viewercount: e.viewerCount,
    likecount: e.likeCount,
    title: e.title,
    playurl: urls.flv,
    fileid: '',
    // The seed documents status as a string: "0" offline, "1" online.
    status: e.online ? '1' : '0',
    hls_play_url: urls.hls,
    userinfo: { nickname: e.nickname, headpic: e.headpic, frontcover: e.frontcover, location: e.location },
  };
}

export function vodPusherInfo(v: VodListItem): Record<string, unknown> {
  return {
    userid: v.userid,
    groupid: '',
    timestamp: Math.floor((v.startTime ?? v.createTime).getTime() / 1000),
    type: 1,
    viewercount: v.viewerCount,
    likecount: v.likeCount,
    title: v.title ?? '',
    playurl: v.playUrl || v.hlsPlayUrl || '',
    fileid: v.fileId,
    status: '0',
    hls_play_url: v.hlsPlayUrl ?? '',
    userinfo: {
      nickname: v.nickname ?? '',
      headpic: v.avatar ?? '',
      frontcover: v.frontcover ?? '',
      location: v.location ?? '',
    },
  };
}
