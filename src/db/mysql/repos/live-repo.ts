/** SQL of `minilvb_live` (legacy Action protocol live list). */
import type { Counted, CountDelta, LiveEntry, NewLiveEntry, Page } from '../../store.js';
import { checkPage } from '../../page.js';
import type { Db } from '../pool.js';
import { date, int, lim, ts } from '../rows.js';

const LIVE_COLUMNS =
  'userid, groupid, title, status, viewercount, likecount, push_time, nickname, headpic, frontcover, location';

function toLive(r: Record<string, unknown>): LiveEntry {
  return {
    userid: String(r.userid),
    groupid: String(r.groupid),
    title: String(r.title),
    online: int(r.status) === 1,
    viewerCount: int(r.viewercount),
    likeCount: int(r.likecount),
    pushTime: date(r.push_time),
    nickname: String(r.nickname),
    headpic: String(r.headpic),
    frontcover: String(r.frontcover),
    location: String(r.location),
  };
}

/** Live entries. */
export class LiveRepo {
  constructor(private readonly db: Db) {}

  async upsert(e: NewLiveEntry): Promise<void> {
    const values = [
      e.groupid,
      e.title,
      e.online ? 1 : 0,
      ts('pushTime', e.pushTime),
      e.nickname,
      e.headpic,
      e.frontcover,
      e.location,
    ];
    await this.db.write(
      `INSERT INTO minilvb_live (userid, groupid, title, status, push_time, ` +
        `nickname, headpic, frontcover, location, viewercount, likecount) ` +
        ('VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0) ON DUPLICATE KEY UPDATE ' +
          'groupid = ?, title = ?, status = ?, push_time = ?, ') +
        'nickname = ?, headpic = ?, frontcover = ?, location = ?, viewercount = 0, likecount = 0',
      [e.userid, ...values, ...values],
    );
  }

  async get(userid: string): Promise<LiveEntry | undefined> {
    const rows = await this.db.rows<Record<string, unknown>>(
      `SELECT ${LIVE_COLUMNS} FROM minilvb_live WHERE userid = ?`,
      [userid],
    );
    return rows[0] ? toLive(rows[0]) : undefined;
  }

  async setStatus(userid: string, online: boolean): Promise<boolean> {
    return (
      (await this.db.write('UPDATE minilvb_live SET status = ? WHERE userid = ?', [online ? 1 : 0, userid]))
        .affectedRows > 0
    );
  }

  async adjustCounts(userid: string, delta: CountDelta): Promise<boolean> {
    const res = await this.db.write(
      'UPDATE minilvb_live SET likecount = LEAST(GREATEST(likecount + ?, 0), ' +
        '2147483647), viewercount = LEAST(GREATEST(viewercount + ?, 0), ' +
        '2147483647) WHERE userid = ?',
      [Math.trunc(delta.likes ?? 0), Math.trunc(delta.viewers ?? 0), userid],
    );
    return res.affectedRows > 0;
  }

  async list(o: Page & { onlineOnly: boolean }): Promise<Counted<LiveEntry>> {
    checkPage(o.offset, o.limit);
    const only = o.onlineOnly ? 1 : 0;
    const rows = await this.db.rows<Record<string, unknown>>(
      `SELECT ${LIVE_COLUMNS} FROM minilvb_live WHERE (? = 0 OR status = 1) ` +
        `ORDER BY push_time DESC, userid ASC LIMIT ? OFFSET ?`,
      [only, lim(o.limit), lim(o.offset)],
    );
    const total = await this.db.rows<{ n: unknown }>(
      'SELECT COUNT(*) AS n FROM minilvb_live WHERE (? = 0 OR status = 1)',
      [only],
    );
    return { total: int(total[0]?.n), items: rows.map(toLive) };
  }
}
