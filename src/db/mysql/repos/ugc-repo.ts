/** SQL of `tb_ugc`. */
import type { TimePage, Ugc, UgcListItem } from '../../store.js';
import { checkPage } from '../../page.js';
import type { Db } from '../pool.js';
import { date, lim, str, ts } from '../rows.js';

/** User-generated videos. */
export class UgcRepo {
  constructor(private readonly db: Db) {}

  async upsert(u: Ugc): Promise<void> {
    const values = [u.title, u.frontcover, u.location, u.playUrl, ts('createTime', u.createTime)];
    await this.db.write(
      'INSERT INTO tb_ugc (userid, file_id, title, frontcover, location, ' +
        'play_url, create_time) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
        'ON DUPLICATE KEY UPDATE title = ?, frontcover = ?, location = ?, play_url = ?, create_time = ?',
      [u.userid, u.fileId, ...values, ...values],
    );
  }

  async list(page: TimePage): Promise<UgcListItem[]> {
    checkPage(page.offset, page.limit);
    const rows = await this.db.rows<Record<string, unknown>>(
      'SELECT u.userid, u.file_id, u.title, u.frontcover, u.location, ' +
        'u.play_url, u.create_time, a.nickname, a.avatar ' +
        'FROM tb_ugc u LEFT JOIN tb_account a ON a.userid = u.userid WHERE u.create_time >= ? ' +
        'ORDER BY u.create_time DESC, u.userid ASC, u.file_id ASC LIMIT ? OFFSET ?',
      [ts('since', page.since), lim(page.limit), lim(page.offset)],
    );
    return rows.map((r) => ({
      userid: String(r.userid),
      fileId: String(r.file_id),
      title: str(r.title),
      frontcover: str(r.frontcover),
      location: str(r.location),
      playUrl: str(r.play_url),
      createTime: date(r.create_time),
      nickname: str(r.nickname),
      avatar: str(r.avatar),
    }));
  }
}
