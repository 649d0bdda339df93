/**
 * SQL of `tb_vod`. `create_time` has ON UPDATE CURRENT_TIMESTAMP in the PHP schema: every UPDATE
 * here assigns `create_time = create_time`, which suppresses the automatic change (docs/callbacks.md#c5).
 */
import type { CountDelta, NewVod, TimePage, Vod, VodListItem, VodUrlSlot } from '../../store.js';
import { checkPage } from '../../page.js';
import { isDuplicateKey, type Db } from '../pool.js';
import { date, dateOrNull, int, lim, str, ts } from '../rows.js';

const COLUMNS =
  'v.userid, v.file_id, v.title, v.frontcover, v.location, v.play_url, ' +
  'v.hls_play_url, v.like_count, v.viewer_count, v.create_time, ' +
  'v.start_time';
const PLAYABLE = "(v.play_url <> '' OR v.hls_play_url <> '')";

function toVod(r: Record<string, unknown>): Vod {
  return {
    userid: String(r.userid),
    fileId: String(r.file_id),
    title: str(r.title),
    frontcover: str(r.frontcover),
    location: str(r.location),
    playUrl: str(r.play_url),
    hlsPlayUrl: str(r.hls_play_url),
    likeCount: int(r.like_count),
    viewerCount: int(r.viewer_count),
    createTime: date(r.create_time),
    startTime: dateOrNull(r.start_time),
  };
}

/** Recordings. */
export class VodRepo {
  constructor(private readonly db: Db) {}

  async list(page: TimePage): Promise<VodListItem[]> {
    checkPage(page.offset, page.limit);
    const rows = await this.db.rows<Record<string, unknown>>(
      `SELECT ${COLUMNS}, a.nickname, a.avatar FROM tb_vod v LEFT JOIN tb_account a ON a.userid = v.userid ` +
        (`WHERE v.create_time >= ? AND ${PLAYABLE} ORDER BY v.create_time DESC, ` +
          `v.userid ASC, v.file_id ASC LIMIT ? OFFSET ?`),
      [ts('since', page.since), lim(page.limit), lim(page.offset)],
    );
    return rows.map((r) => ({ ...toVod(r), nickname: str(r.nickname), avatar: str(r.avatar) }));
  }

  async count(since: Date): Promise<number> {
    const rows = await this.db.rows<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM tb_vod v WHERE v.create_time >= ? AND ${PLAYABLE}`,
      [ts('since', since)],
    );
    return int(rows[0]?.n);
  }

  async get(userid: string, fileId: string): Promise<Vod | undefined> {
    const rows = await this.db.rows<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM tb_vod v WHERE v.userid = ? AND v.file_id = ?`,
      [userid, fileId],
    );
    return rows[0] ? toVod(rows[0]) : undefined;
  }

  async ofUser(userid: string, from: Date, to: Date): Promise<Vod[]> {
    // UNIX_TIMESTAMP(zero date) = 0: PHP-era rows without a start are never merge candidates.
    const rows = await this.db.rows<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM tb_vod v WHERE v.userid = ? AND ` +
        `UNIX_TIMESTAMP(v.start_time) > 0 AND v.start_time <= ? AND ` +
        `v.create_time >= ? ` +
        'ORDER BY v.start_time ASC, v.file_id ASC',
      [userid, ts('to', to), ts('from', from)],
    );
    return rows.map(toVod);
  }

  async insert(vod: NewVod): Promise<'created' | 'exists'> {
    try {
      await this.db.write(
        'INSERT INTO tb_vod (userid, file_id, title, frontcover, location, ' +
          'play_url, hls_play_url, like_count, viewer_count, create_time, ' +
          'start_time) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)',
        [
          vod.userid,
          vod.fileId,
          vod.title ?? null,
          vod.frontcover ?? null,
          vod.location ?? null,
          vod.playUrl ?? null,
          vod.hlsPlayUrl ?? null,
          ts('createTime', vod.createTime),
          ts('startTime', vod.startTime),
        ],
      );
      return 'created';
    } catch (e) {
      if (isDuplicateKey(e)) return 'exists';
      throw e;
    }
  }

  async setUrl(userid: string, fileId: string, slot: VodUrlSlot, url: string): Promise<boolean> {
    const sql =
      slot === 'play_url'
        ? 'UPDATE tb_vod SET play_url = ?, create_time = create_time WHERE userid = ? AND file_id = ?'
        : 'UPDATE tb_vod SET hls_play_url = ?, create_time = create_time WHERE userid = ? AND file_id = ?';
    return (await this.db.write(sql, [url, userid, fileId])).affectedRows > 0;
  }

  async adjustCounts(userid: string, fileId: string, delta: CountDelta): Promise<boolean> {
    const res = await this.db.write(
      'UPDATE tb_vod SET like_count = LEAST(GREATEST(like_count + ?, 0), ' +
        '2147483647), viewer_count = LEAST(GREATEST(viewer_count + ?, 0), ' +
        '2147483647), ' +
        'create_time = create_time WHERE userid = ? AND file_id = ?',
      [Math.trunc(delta.likes ?? 0), Math.trunc(delta.viewers ?? 0), userid, fileId],
    );
    return res.affectedRows > 0;
  }
}
