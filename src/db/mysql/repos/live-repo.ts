/** SQL of `minilvb_live` and `minilvb_group_member` (legacy Action protocol). */
import type { Counted, CountDelta, GroupMember, LiveEntry, NewLiveEntry, Page } from '../../store.js';
import { checkPage } from '../../page.js';
import { isDuplicateKey, type Db } from '../pool.js';
import { date, int, lim, ts } from '../rows.js';

const LIVE_COLUMNS = 'userid, groupid, title, status, viewercount, likecount, push_time, nickname, headpic, frontcover, location';

function toLive(r: Record<string, unknown>): LiveEntry {
  return {
    userid: String(r.userid), groupid: String(r.groupid), title: String(r.title), online: int(r.status) === 1,
    viewerCount: int(r.viewercount), likeCount: int(r.likecount), pushTime: date(r.push_time),
    nickname: String(r.nickname), headpic: String(r.headpic), frontcover: String(r.frontcover), location: String(r.location),
  };
}

/** Live entries and group members. */
export class LiveRepo {
  constructor(private readonly db: Db) {}

  async upsert(e: NewLiveEntry): Promise<void> {
    const values = [e.groupid, e.title, e.online ? 1 : 0, ts('pushTime', e.pushTime), e.nickname, e.headpic, e.frontcover, e.location];
    await this.db.write(
      `INSERT INTO minilvb_live (userid, groupid, title, status, push_time, nickname, headpic, frontcover, location, viewercount, likecount) ` +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0) ON DUPLICATE KEY UPDATE groupid = ?, title = ?, status = ?, push_time = ?, ' +
      'nickname = ?, headpic = ?, frontcover = ?, location = ?, viewercount = 0, likecount = 0',
      [e.userid, ...values, ...values]);
  }

  async get(userid: string): Promise<LiveEntry | undefined> {
    const rows = await this.db.rows<Record<string, unknown>>(`SELECT ${LIVE_COLUMNS} FROM minilvb_live WHERE userid = ?`, [userid]);
    return rows[0] ? toLive(rows[0]) : undefined;
  }

  async setStatus(userid: string, online: boolean): Promise<boolean> {
    return (await this.db.write('UPDATE minilvb_live SET status = ? WHERE userid = ?', [online ? 1 : 0, userid])).affectedRows > 0;
  }

  async adjustCounts(userid: string, delta: CountDelta): Promise<boolean> {
    const res = await this.db.write(
      'UPDATE minilvb_live SET likecount = LEAST(GREATEST(likecount + ?, 0), 2147483647), viewercount = LEAST(GREATEST(viewercount + ?, 0), 2147483647) WHERE userid = ?',
      [Math.trunc(delta.likes ?? 0), Math.trunc(delta.viewers ?? 0), userid]);
    return res.affectedRows > 0;
  }

  async list(o: Page & { onlineOnly: boolean }): Promise<Counted<LiveEntry>> {
    checkPage(o.offset, o.limit);
    const only = o.onlineOnly ? 1 : 0;
    const rows = await this.db.rows<Record<string, unknown>>(
      `SELECT ${LIVE_COLUMNS} FROM minilvb_live WHERE (? = 0 OR status = 1) ORDER BY push_time DESC, userid ASC LIMIT ? OFFSET ?`,
      [only, lim(o.limit), lim(o.offset)]);
    const total = await this.db.rows<{ n: unknown }>('SELECT COUNT(*) AS n FROM minilvb_live WHERE (? = 0 OR status = 1)', [only]);
    return { total: int(total[0]?.n), items: rows.map(toLive) };
  }

  async addMember(m: Omit<GroupMember, 'joinedAt'> & { joinedAt?: Date }): Promise<boolean> {
    try {
      await this.db.write(
        'INSERT INTO minilvb_group_member (groupid, userid, liveuserid, nickname, headpic, joined_at) VALUES (?, ?, ?, ?, ?, ?)',
        [m.groupid, m.userid, m.liveuserid, m.nickname, m.headpic, ts('joinedAt', m.joinedAt ?? new Date())]);
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      await this.db.write('UPDATE minilvb_group_member SET liveuserid = ?, nickname = ?, headpic = ? WHERE groupid = ? AND userid = ?',
        [m.liveuserid, m.nickname, m.headpic, m.groupid, m.userid]);
      return false;
    }
  }

  async removeMember(groupid: string, userid: string): Promise<boolean> {
    return (await this.db.write('DELETE FROM minilvb_group_member WHERE groupid = ? AND userid = ?', [groupid, userid])).affectedRows > 0;
  }

  async listMembers(groupid: string, page: Page): Promise<Counted<GroupMember>> {
    checkPage(page.offset, page.limit);
    const rows = await this.db.rows<Record<string, unknown>>(
      'SELECT groupid, userid, liveuserid, nickname, headpic, joined_at FROM minilvb_group_member WHERE groupid = ? ' +
      'ORDER BY joined_at ASC, userid ASC LIMIT ? OFFSET ?', [groupid, lim(page.limit), lim(page.offset)]);
    const total = await this.db.rows<{ n: unknown }>('SELECT COUNT(*) AS n FROM minilvb_group_member WHERE groupid = ?', [groupid]);
    return {
      total: int(total[0]?.n),
      items: rows.map((r) => ({ groupid: String(r.groupid), userid: String(r.userid), liveuserid: String(r.liveuserid), nickname: String(r.nickname), headpic: String(r.headpic), joinedAt: date(r.joined_at) })),
    };
  }
}
