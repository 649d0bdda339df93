/** SQL that removes a doctor probe user's rows from every table (see ../../probe-user.ts). */
import {
  assertProbeUserId,
  emptyDeletion,
  PROBE_TABLES,
  type ProbeDeletion,
  type ProbeTable,
} from '../../probe-user.js';
import { StoreQueryError } from '../../errors.js';
import type { Db } from '../pool.js';

/** One fixed statement per table; a viewer row also goes when the probe user was the anchor. */
const DELETE_SQL: Readonly<Record<ProbeTable, string>> = {
  tb_vod: 'DELETE FROM tb_vod WHERE userid = ?',
  tb_room: 'DELETE FROM tb_room WHERE userid = ?',
  minilvb_session: 'DELETE FROM minilvb_session WHERE userid = ?',
  tb_ugc: 'DELETE FROM tb_ugc WHERE userid = ?',
  minilvb_group_member: 'DELETE FROM minilvb_group_member WHERE userid = ? OR liveuserid = ?',
  minilvb_live: 'DELETE FROM minilvb_live WHERE userid = ?',
  tb_account: 'DELETE FROM tb_account WHERE userid = ?',
};

/**
 * Deletes the probe user's rows, table by table. A table that does not exist (a PHP database has
 * no minilvb_* tables, HEAD's createDB.sh no tb_ugc) counts as 0 rows.
 */
export async function deleteProbeUserRows(db: Pick<Db, 'write'>, userid: string): Promise<ProbeDeletion> {
  assertProbeUserId(userid);
  const deleted = emptyDeletion();
  for (const table of PROBE_TABLES) {
    const params = table === 'minilvb_group_member' ? [userid, userid] : [userid];
    try {
      deleted[table] = (await db.write(DELETE_SQL[table], params)).affectedRows;
    } catch (e) {
      if (e instanceof StoreQueryError && e.details?.driverCode === 'ER_NO_SUCH_TABLE') continue;
      throw e;
    }
  }
  return deleted;
}

/** The same statements as text, for a user who must run them by hand (the id is a checked probe id). */
export function probeCleanupSql(userid: string): string {
  assertProbeUserId(userid);
  const lit = `'${userid.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  return PROBE_TABLES.map((t) => `${DELETE_SQL[t].replaceAll('?', lit)};`).join(' ');
}
