/** SQL of `minilvb_session`. */
import type { Session } from '../../store.js';
import type { Db } from '../pool.js';
import { date, ts } from '../rows.js';

/** Sessions: one row per user. */
export class SessionRepo {
  constructor(private readonly db: Db) {}

  async get(userid: string): Promise<Session | undefined> {
    const rows = await this.db.rows<Record<string, unknown>>(
      'SELECT userid, token, token_expires, refresh_sha256, refresh_expires FROM minilvb_session WHERE userid = ?',
      [userid],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      userid: String(r.userid),
      token: String(r.token),
      tokenExpires: date(r.token_expires),
      refreshSha256: String(r.refresh_sha256),
      refreshExpires: date(r.refresh_expires),
    };
  }

  async put(s: Session, expectRefreshSha256?: string): Promise<boolean> {
    const values = [
      s.token,
      ts('tokenExpires', s.tokenExpires),
      s.refreshSha256,
      ts('refreshExpires', s.refreshExpires),
    ];
    if (expectRefreshSha256 !== undefined) {
      // Row lock + re-evaluated WHERE: of two concurrent refreshes with the same token only one matches.
      const res = await this.db.write(
        'UPDATE minilvb_session SET token = ?, token_expires = ?, refresh_sha256 ' +
          '= ?, refresh_expires = ? WHERE userid = ? AND refresh_sha256 = ?',
        [...values, s.userid, expectRefreshSha256],
      );
      return res.affectedRows > 0;
    }
    await this.db.write(
      'INSERT INTO minilvb_session (userid, token, token_expires, ' +
        'refresh_sha256, refresh_expires) VALUES (?, ?, ?, ?, ?) ' +
        'ON DUPLICATE KEY UPDATE token = ?, token_expires = ?, refresh_sha256 = ?, refresh_expires = ?',
      [s.userid, ...values, ...values],
    );
    return true;
  }
}
