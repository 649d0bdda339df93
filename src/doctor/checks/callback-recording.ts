/** A signed recording callback for the probe user shows up in get_vod_list (VOD-NO-ROOM, VOD-DB-WRITE, DB-TZ). */
import { randomBytes } from 'node:crypto';
import { chinaTime } from '../../time/china-time.js';
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { callApp, loggedInProbe } from '../probe/app-client.js';
import { appCallFailure } from '../probe/app-failure.js';
import { sendCallback, streamIdFor } from '../probe/callback-client.js';
import { serverDbFailure } from '../probe/db-fault-finding.js';
import { excerpt } from '../probe/http.js';
import { netFailure } from '../probe/net-finding.js';
import { cleanupAvailable } from '../probe/probe-cleanup.js';

export default defineCheck({
  id: 'callback.recording',
  group: 'callback',
  title: 'Recording callback becomes a replay',
  needs: { checks: ['callback.sign', 'app.login'], after: ['database.schema'] },
  async run(ctx) {
    const probe = await loggedInProbe(ctx);
    if (!probe.ok) return probe.skip;
    const { target, login } = probe;
    const cleanup = await cleanupAvailable(ctx, target);
    if (!cleanup)
      return skip(
        'the probe replay could not be removed afterwards: set db.* (the ' +
          "server's database) or server.adminToken (bundled server)",
      );
    const room = await callApp(
      ctx,
      target,
      'upload_room',
      { title: 'minilvb doctor probe', frontcover: '', location: '' },
      login,
    );
    if (!room.ok || room.reply.code !== 200) {
      const f = appCallFailure(room, target, '/upload_room');
      return room.ok && room.reply.http >= 500
        ? {
            ...f,
            cause:
              'upload_room crashes (PHP 8: undefined ERROR_CODE_SUCCESSFUL); without a ' +
              'tb_room row every recording is dropped with 2003',
            faqId: 'SRV-PHP8',
          }
        : f;
    }
    const now = Math.floor(ctx.clock.now() / 1000);
    const start = now - 180;
    const end = now - 60;
    const videoId = `mlvbdoctor_${randomBytes(6).toString('hex')}`;
    const streamId = streamIdFor(ctx, login.userid);
    const event = {
      event_type: 100,
      stream_id: streamId,
      channel_id: streamId,
      appid: ctx.config.cos.appId ?? 0,
      app: ctx.config.lvb.pushDomain ?? 'doctor.invalid',
      appname: 'live',
      video_id: videoId,
      file_id: videoId,
      video_url: `http://mlvbdoctor.invalid/${videoId}.mp4`,
      file_format: 'mp4',
      start_time: start,
      end_time: end,
      duration: end - start,
      file_size: 1,
      stream_param: '',
    };
    const cb = await sendCallback(ctx, target, event, ctx.config.lvb.apiKey as string);
    if (!cb.probe.ok) return netFailure(cb.probe.error, target, target.callbackUrl, 'VOD-CALLBACK-URL');
    const evidence = {
      userid: login.userid,
      streamId,
      fileId: videoId,
      callbackHttp: cb.probe.answer.status,
      callbackCode: cb.code ?? 'none',
      cleanup,
    };
    if (cb.code === 2003 || cb.probe.answer.status >= 500) {
      // "Not stored" is the database's fault when the server, /readyz or the schema says so.
      const db = await serverDbFailure(ctx, target, cb.probe.answer.body, target.callbackUrl);
      if (db) return db.status === 'skip' ? db : { ...db, evidence: { ...evidence, ...db.evidence } };
    }
    if (cb.code === 2003) {
      return fail({
        summary: 'the recording callback was answered {"code":2003}: not stored',
        cause:
          'the server could not attach it to the user: no tb_room row (upload_room ' +
          'not stored), a stream_id → userid rule that does not fit, or a database ' +
          'write error (changed schema)',
        fix: {
          text:
            'Run the database checks; check server.streamUserRule; read ' +
            'mysql_error*.log.php / the server log for the insert error.',
          commands: ['minilvb doctor database'],
        },
        faqId: 'VOD-NO-ROOM',
        evidence,
      });
    }
    if (cb.code === 4002) {
      return fail({
        summary: 'the recording callback was answered {"code":4002}: a field is missing',
        cause: 'the server requires fields current recording events may omit (video_id)',
        fix: { text: 'Use the bundled server (falls back to file_id).' },
        faqId: 'VOD-NO-VIDEOID',
        evidence,
      });
    }
    if (cb.probe.answer.status !== 200 || cb.code !== 0) {
      return fail({
        summary:
          `the recording callback got HTTP ${cb.probe.answer.status} ` +
          `${excerpt(cb.probe.answer.body) || '(empty)'}`,
        cause:
          cb.probe.answer.status === 503
            ? 'the server could not reach its database (Tencent retries 3 times)'
            : 'the callback endpoint fails on recording events',
        fix: { text: 'Read the server log for the callback request; run minilvb doctor database.' },
        faqId: 'VOD-DB-WRITE',
        evidence,
      });
    }
    const list = await callApp(ctx, target, 'get_vod_list', { index: 1, count: 100 }, login);
    if (!list.ok || list.reply.code !== 200) {
      const db =
        list.ok && (list.reply.http >= 500 || list.reply.code === 500)
          ? await serverDbFailure(ctx, target, list.reply.body, '/get_vod_list')
          : undefined;
      return db ?? appCallFailure(list, target, '/get_vod_list');
    }
    const items = Array.isArray(list.reply.data?.list) ? (list.reply.data.list as Array<Record<string, unknown>>) : [];
    const row = items.find((i) => i.userid === login.userid && i.file_id === videoId);
    if (!row) {
      return fail({
        summary: `the callback was acknowledged, but ${videoId} is not in get_vod_list (${items.length} rows listed)`,
        cause:
          'the row was not written, or its create_time falls outside the 7-day ' +
          'window (database time zone differs from UTC+8)',
        fix: { text: 'Run minilvb doctor database (schema and time zone).', commands: ['minilvb doctor database'] },
        faqId: 'VOD-DB-WRITE',
        evidence,
      });
    }
    const expected = chinaTime(end);
    if (row.create_time !== expected) {
      return warn({
        summary: `the replay is listed with create_time ${String(row.create_time)}, expected ${expected} (UTC+8)`,
        cause: 'the database session time zone is not +08:00, so replays shift and may fall out of the 7-day window',
        fix: { text: "Set default-time-zone='+08:00' in the MySQL config (the bundled server sets it per session)." },
        faqId: 'DB-TZ',
        evidence,
      });
    }
    return pass(`stored and listed as ${login.userid}/${videoId} (removed again via ${cleanup})`, { evidence });
  },
});
