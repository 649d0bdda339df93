/**
 * `/get_vod_list` and `/get_ugc_list` (signed): the global 7-day lists, newest first.
 * `index` is a 1-based page (≤ 0 → 1, missing → 1), `count` outside 10..100 becomes 10 (missing → 10)
 * (docs/app-protocol.md#d8).
 */
import type { ServerContext } from '../context.js';
import { ok } from '../envelope.js';
import type { Checked, FieldRule } from '../param-checker.js';
import { chinaTime } from '../../time/china-time.js';
import { endpoint } from './endpoint.js';

/** TAPE_FILE_VALID_TIME: 7 days. */
export const LIST_WINDOW_SECONDS = 604800;
// Beyond this the page is empty anyway; keeps (page − 1) × count a safe integer.
const MAX_OFFSET = 1_000_000_000;

const PAGE_RULES: readonly FieldRule[] = [
  { field: 'index', type: 'int', required: false, min: 0 },
  { field: 'count', type: 'int', required: false, min: 0 },
];

/** The PHP paging rule. */
export function pageOf(params: Checked): { offset: number; limit: number } {
  const index = (params.index as number | undefined) ?? 1;
  let count = (params.count as number | undefined) ?? 10;
  if (count < 10 || count > 100) count = 10;
  const page = index <= 0 ? 1 : index;
  return { offset: Math.min((page - 1) * count, MAX_OFFSET), limit: count };
}

function since(ctx: ServerContext): Date {
  return new Date((ctx.now() - LIST_WINDOW_SECONDS) * 1000);
}

export const getVodList = endpoint({
  name: 'get_vod_list',
  auth: 'liteav-sig',
  rules: PAGE_RULES,
  async handle(ctx, { params }) {
    const page = pageOf(params);
    // Hot pages are cached once, below: the MySQL store's list cache (server.listCacheMs).
    return ok({ list: await vodList(ctx, page) });
  },
});

async function vodList(
  ctx: ServerContext,
  page: { offset: number; limit: number },
): Promise<Array<Record<string, unknown>>> {
  const rows = await ctx.store.listVods({ since: since(ctx), ...page });
  return rows.map((v) => ({
    userid: v.userid,
    nickname: v.nickname ?? '',
    avatar: v.avatar ?? '',
    file_id: v.fileId,
    title: v.title ?? '',
    likecount: v.likeCount,
    viewercount: v.viewerCount,
    frontcover: v.frontcover ?? '',
    location: v.location ?? '',
    play_url: v.playUrl ?? '',
    create_time: chinaTime(v.createTime),
    hls_play_url: v.hlsPlayUrl ?? '',
    // PHP-era zero dates have no instant; render them as PHP would read them back.
    start_time: v.startTime ? chinaTime(v.startTime) : '0000-00-00 00:00:00',
  }));
}

export const getUgcList = endpoint({
  name: 'get_ugc_list',
  auth: 'liteav-sig',
  rules: PAGE_RULES,
  async handle(ctx, { params }) {
    const rows = await ctx.store.listUgc({ since: since(ctx), ...pageOf(params) });
    const list = rows.map((u) => ({
      userid: u.userid,
      nickname: u.nickname ?? '',
      avatar: u.avatar ?? '',
      file_id: u.fileId,
      title: u.title ?? '',
      frontcover: u.frontcover ?? '',
      location: u.location ?? '',
      play_url: u.playUrl ?? '',
      create_time: chinaTime(u.createTime),
    }));
    return ok({ list });
  },
});
