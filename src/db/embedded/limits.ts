/**
 * Column lengths of the MySQL schema (docs/config-files.md#database-schema), enforced by the embedded store too so
 * a value too long fails the same way in both stores (MySQL strict mode: ER_DATA_TOO_LONG).
 */
import { StoreQueryError } from '../errors.js';

const LIMITS: Record<string, Record<string, number>> = {
  account: { userid: 50, password: 255, nickname: 100, avatar: 254, frontcover: 255 },
  session: { userid: 50, token: 64, refreshSha256: 64 },
  room: { userid: 50, title: 255, frontcover: 255, location: 128 },
  vod: { userid: 50, fileId: 150, frontcover: 255, location: 128, playUrl: 255, hlsPlayUrl: 255, title: 128 },
  ugc: { userid: 50, fileId: 150, title: 128, frontcover: 255, location: 128, playUrl: 255 },
  live: { userid: 50, groupid: 150, title: 255, nickname: 100, headpic: 255, frontcover: 255, location: 128 },
  member: { groupid: 150, userid: 50, liveuserid: 50, nickname: 100, headpic: 255 },
};

/** Throws StoreQueryError when a string field is longer (in characters) than its column. */
export function checkLengths(table: string, row: object): void {
  const limits = LIMITS[table] ?? {};
  for (const [field, value] of Object.entries(row)) {
    const max = limits[field];
    if (max !== undefined && typeof value === 'string' && [...value].length > max) {
      throw new StoreQueryError(`Data too long for column ${field} of ${table} (max ${max} characters).`);
    }
  }
}
