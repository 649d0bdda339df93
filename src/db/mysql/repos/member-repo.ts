/** SQL of `minilvb_group_member` (legacy Action protocol viewers). */
import type { Counted, GroupMember, Page } from '../../store.js';
import type { Clock } from '../../../time/clock.js';
import { checkPage } from '../../page.js';
import { isDuplicateKey, type Db } from '../pool.js';
import { date, int, lim, ts } from '../rows.js';

/** Group members. */
export class MemberRepo {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async add(m: Omit<GroupMember, 'joinedAt'> & { joinedAt?: Date }): Promise<boolean> {
    try {
      await this.db.write(
        'INSERT INTO minilvb_group_member (groupid, userid, liveuserid, ' +
          'nickname, headpic, joined_at) VALUES (?, ?, ?, ?, ?, ?)',
        [
          m.groupid,
          m.userid,
          m.liveuserid,
          m.nickname,
          m.headpic,
          ts('joinedAt', m.joinedAt ?? new Date(this.clock.now())),
        ],
      );
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      await this.db.write(
        'UPDATE minilvb_group_member SET liveuserid = ?, nickname = ?, headpic = ? WHERE groupid = ? AND userid = ?',
        [m.liveuserid, m.nickname, m.headpic, m.groupid, m.userid],
      );
      return false;
    }
  }

  async remove(groupid: string, userid: string): Promise<boolean> {
    return (
      (await this.db.write('DELETE FROM minilvb_group_member WHERE groupid = ? AND userid = ?', [groupid, userid]))
        .affectedRows > 0
    );
  }

  async list(groupid: string, page: Page): Promise<Counted<GroupMember>> {
    checkPage(page.offset, page.limit);
    const rows = await this.db.rows<Record<string, unknown>>(
      'SELECT groupid, userid, liveuserid, nickname, headpic, joined_at FROM minilvb_group_member WHERE groupid = ? ' +
        'ORDER BY joined_at ASC, userid ASC LIMIT ? OFFSET ?',
      [groupid, lim(page.limit), lim(page.offset)],
    );
    const total = await this.db.rows<{ n: unknown }>(
      'SELECT COUNT(*) AS n FROM minilvb_group_member WHERE groupid = ?',
      [groupid],
    );
    return {
      total: int(total[0]?.n),
      items: rows.map((r) => ({
        groupid: String(r.groupid),
        userid: String(r.userid),
        liveuserid: String(r.liveuserid),
        nickname: String(r.nickname),
        headpic: String(r.headpic),
        joinedAt: date(r.joined_at),
      })),
    };
  }
}
