/**
 * Recent callbacks Tencent sent for the streams live right now, and what the server answered
 * (DescribeCallbackRecordsList needs a stream name, so only current streams can be looked up).
 */
import type { CallbackEventInfo } from '../../cloud/live.js';
import { defineCheck, pass, skip, warn } from '../check.js';
import { liveCall, liveClient, pushDomainOf } from '../probe/cloud-clients.js';
import { liveCallFailure } from '../probe/live-failure.js';

const MAX_STREAMS = 5;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export default defineCheck({
  id: 'lvb.callback-records',
  group: 'lvb',
  title: 'Recent callbacks were delivered',
  needs: { checks: ['lvb.push-domain'] },
  async run(ctx) {
    const want = pushDomainOf(ctx.config);
    const client = await liveClient(ctx);
    if (!want || !client) return skip('no push domain or no cloud API credentials');
    const online = await liveCall(ctx, `online:${want.domain}`, (c) => c.describeStreamOnlineList({ DomainName: want.domain, AppName: 'live', PageSize: 10 }));
    if (!online) return skip('no cloud API credentials');
    if (!online.ok) return liveCallFailure(ctx, online, 'DescribeLiveStreamOnlineList');
    const streams = online.streams.map((s) => s.StreamName ?? '').filter((s) => s !== '').slice(0, MAX_STREAMS);
    if (streams.length === 0) return skip(`no stream is live on ${want.domain} now; callback records can only be looked up per stream`);
    const end = ctx.now();
    const answers = await Promise.all(streams.map((s) => client.describeCallbackRecords({ StartTime: iso(end - 86_400_000 + 60_000), EndTime: iso(end), StreamName: s, PageSize: 50 })));
    const records: CallbackEventInfo[] = [];
    for (const a of answers) {
      if (!a.ok) return liveCallFailure(ctx, a, 'DescribeCallbackRecordsList');
      records.push(...a.records);
    }
    const failed = records.filter((r) => (r.ResultCode ?? 0) !== 0);
    const evidence = { streams: streams.join(', '), callbacks24h: records.length, failed: failed.length };
    if (failed.length === 0) return pass(`${records.length} callback${records.length === 1 ? '' : 's'} in the last 24 h for ${streams.length} live stream${streams.length === 1 ? '' : 's'}, none failed`, { evidence });
    const last = failed.reduce((a, b) => ((a.EventTime ?? '') > (b.EventTime ?? '') ? a : b));
    return warn({
      summary: `${failed.length} of ${records.length} callbacks in the last 24 h failed (last: event ${last.EventType ?? '?'} at ${last.EventTime ?? '?'}, result ${last.ResultCode ?? '?'})`,
      cause: 'Tencent could not deliver callbacks or the server refused them (wrong URL, server down, or a sign mismatch: see lvb.callback-url, lvb.callback-key and the callback checks)',
      fix: { text: 'Fix the failing check named above, then watch new callbacks in the live console (Event center).', link: 'https://console.cloud.tencent.com/live' },
      faqId: 'VOD-CALLBACK-URL',
      evidence: { ...evidence, lastResultCode: last.ResultCode ?? 0, lastResponse: (last.Response ?? '').slice(0, 80), lastStream: last.StreamId ?? '' },
    });
  },
});
