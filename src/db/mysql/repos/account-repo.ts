/** SQL of `tb_account`. */
import type { Account, AccountPatch } from '../../store.js';
import { isDuplicateKey, type Db, type SqlParam } from '../pool.js';
import { date, int, str } from '../rows.js';

const COLUMNS = 'userid, password, nickname, sex, avatar, frontcover, create_time';

/** Maps a `tb_account` row. */
export function toAccount(r: Record<string, unknown>): Account {
  return {
    userid: String(r.userid),
    password: str(r.password),
    nickname: str(r.nickname),
    sex: int(r.sex ?? -1),
    avatar: str(r.avatar),
    frontcover: str(r.frontcover),
    createTime: date(r.create_time),
  };
}

/** Accounts. */
export class AccountRepo {
  constructor(private readonly db: Db) {}

  async create(userid: string, password: string): Promise<'created' | 'exists'> {
    try {
      await this.db.write('INSERT INTO tb_account (userid, password) VALUES (?, ?)', [userid, password]);
      return 'created';
    } catch (e) {
      if (isDuplicateKey(e)) return 'exists';
      throw e;
    }
  }

  async get(userid: string): Promise<Account | undefined> {
    const rows = await this.db.rows<Record<string, unknown>>(`SELECT ${COLUMNS} FROM tb_account WHERE userid = ?`, [
      userid,
    ]);
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  async update(userid: string, patch: AccountPatch): Promise<boolean> {
    // Column names come from this fixed list, never from input.
    const sets: string[] = [];
    const params: SqlParam[] = [];
    for (const col of ['nickname', 'avatar', 'sex', 'frontcover'] as const) {
      const v = patch[col];
      if (v === undefined) continue;
      sets.push(`${col} = ?`);
      params.push(v);
    }
    if (sets.length === 0)
      return (await this.db.rows('SELECT 1 AS x FROM tb_account WHERE userid = ?', [userid])).length > 0;
    // CLIENT_FOUND_ROWS: affectedRows counts matched rows, so "no change" is still 1.
    const res = await this.db.write(`UPDATE tb_account SET ${sets.join(', ')} WHERE userid = ?`, [...params, userid]);
    return res.affectedRows > 0;
  }

  async setPassword(userid: string, password: string): Promise<boolean> {
    const res = await this.db.write('UPDATE tb_account SET password = ? WHERE userid = ?', [password, userid]);
    return res.affectedRows > 0;
  }
}
