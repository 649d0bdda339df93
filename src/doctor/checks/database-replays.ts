/**
 * What the replay list will show, read from tb_vod (doctor's probe rows left out): rows whose
 * create_time was pushed far past their start (VOD-OVERWRITE, the PHP ON UPDATE bug, docs/callbacks.md#c5), and a
 * list that is empty only because every replay is older than the 7-day window (VOD-AGED).
 */
import { replayReport } from '../../db/index.js';
import { chinaTime } from '../../time/china-time.js';
import { defineCheck, pass, skip, warn, type Finding } from '../check.js';
import { sharedConnection } from '../probe/db-probe.js';

/** The app lists replays of the last 7 days (GlobalDefine TAPE_FILE_VALID_TIME). */
const WINDOW_MS = 7 * 86_400_000;
/** Longer than any single recording file (RecordInterval ≤ 2 h, HLS continuation included). */
const STRETCH_SECONDS = 12 * 3600;

export default defineCheck({
  id: 'database.replays',
  group: 'database',
  title: 'Replays in tb_vod',
  needs: { checks: ['database.schema'], after: ['server.generation'] },
  async run(ctx) {
    const open = await sharedConnection(ctx);
    if (!open.ok) return skip('no database connection');
    const since = new Date(ctx.clock.now() - WINDOW_MS);
    const r = await replayReport(open.conn, since, STRETCH_SECONDS);
    const kind = ctx.result('server.generation')?.evidence?.kind;
    const php = kind === 'php-current' || kind === 'php-legacy';
    const evidence = {
      replays: r.total,
      listed: r.listed,
      stretched: r.stretched,
      newest: r.newest ? chinaTime(r.newest) : 'none',
    };
    const findings: Finding[] = [];
    if (r.stretched > 0 && kind !== 'minilvb') {
      findings.push({
        status: 'warn',
        summary:
          `${r.stretched} replay${r.stretched > 1 ? 's have' : ' has'} a ` +
          `create_time up to ${Math.round(r.maxStretchSeconds / 3600)} h after its ` +
          `start, longer than any recording`,
        cause:
          `${php ? 'the PHP server' : 'a PHP server writing this database'} ` +
          `updates tb_vod rows and create_time jumps to "now" (ON UPDATE ` +
          `CURRENT_TIMESTAMP, PHP bug C5, docs/callbacks.md#c5): the row then ` +
          `overlaps later recordings of the same user, which overwrite it instead ` +
          `of being listed`,
        fix: {
          text:
            'Use the bundled server (minilvb serve), which never changes ' +
            'create_time; it reads and writes the same tables.',
          commands: ['minilvb serve'],
        },
        faqId: 'VOD-OVERWRITE',
      });
    }
    if (r.total > 0 && r.listed === 0) {
      findings.push({
        status: 'warn',
        summary:
          `get_vod_list is empty: all ${r.total} replay` +
          `${r.total > 1 ? 's are' : ' is'} older than 7 days (newest ` +
          `${evidence.newest}, UTC+8)`,
        cause:
          'the replay list shows only recordings of the last 7 days (create_time); ' +
          'older ones stay in tb_vod but are not listed — by design',
        fix: {
          text:
            'Nothing to repair: record a new stream (longer than 60 s) and it will ' +
            'be listed. If recent streams are missing, run the callback and lvb ' +
            'checks.',
          commands: ['minilvb doctor callback lvb'],
        },
        faqId: 'VOD-AGED',
      });
    }
    const first = findings[0];
    if (first) {
      const summary =
        findings.length > 1
          ? `${findings.length} replay findings: ${findings.map((f) => f.faqId).join(', ')}`
          : first.summary;
      return warn({
        summary,
        findings,
        evidence,
        ...(first.cause ? { cause: first.cause } : {}),
        ...(first.fix ? { fix: first.fix } : {}),
        ...(first.faqId ? { faqId: first.faqId } : {}),
      });
    }
    if (r.total === 0) return pass('no replays in tb_vod yet', { evidence });
    const note =
      r.stretched > 0
        ? `; ${r.stretched} PHP-era row(s) with a moved create_time (the bundled server no longer moves it)`
        : '';
    return pass(`${r.listed} of ${r.total} replays inside the 7-day list window${note}`, { evidence });
  },
});
