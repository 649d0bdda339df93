/** SQL of `tb_room`. */
import type { Room } from '../../store.js';
import type { Db } from '../pool.js';
import { date, str, ts } from '../rows.js';

/** Rooms: one row per anchor. */
export class RoomRepo {
  constructor(private readonly db: Db) {}

  async upsert(room: Room): Promise<void> {
    const values = [room.title, room.frontcover, room.location, ts('createTime', room.createTime)];
    await this.db.write(
      'INSERT INTO tb_room (userid, title, frontcover, location, create_time) VALUES (?, ?, ?, ?, ?) ' +
        'ON DUPLICATE KEY UPDATE title = ?, frontcover = ?, location = ?, create_time = ?',
      [room.userid, ...values, ...values],
    );
  }

  async get(userid: string): Promise<Room | undefined> {
    const rows = await this.db.rows<Record<string, unknown>>(
      'SELECT userid, title, frontcover, location, create_time FROM tb_room WHERE userid = ?',
      [userid],
    );
    const r = rows[0];
    return r
      ? {
          userid: String(r.userid),
          title: String(r.title),
          frontcover: str(r.frontcover),
          location: str(r.location),
          createTime: date(r.create_time),
        }
      : undefined;
  }
}
