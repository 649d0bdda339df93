/**
 * The callbacks Tencent delivered in the last 24 h and what the server answered
 * (DescribeCallbackRecordsList), for the streams given with --stream, those live now and those
 * pushed in the last 24 h (DescribeLiveStreamPublishedList), so no stream has to be live. A
 * delivery answered HTTP 200 with a body code other than 0 was not stored either: the recorded
 * request/response name why (VOD-NO-ROOM, VOD-STREAM-ID, VOD-TOO-SHORT, VOD-NO-VIDEOID, VOD-SIGN-500).
 */
import type { CallbackEventInfo } from '../../cloud/live.js';
import { defineCheck, fail, pass, skip, warn, type Finding } from '../check.js';
import { diagnoseDelivery, streamOf, type DeliveryVerdict } from '../probe/callback-deliveries.js';
import { liveCall, liveClient, pushDomainOf } from '../probe/cloud-clients.js';
import { liveCallFailure } from '../probe/live-failure.js';

const MAX_STREAMS = 5;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

type Judged = { record: CallbackEventInfo; verdict: DeliveryVerdict };

export default defineCheck({
  id: 'lvb.callback-records',
  group: 'lvb',
  title: 'Recent callbacks were delivered and stored',
  needs: { checks: ['lvb.push-domain'] },
  async run(ctx) {
    const want = pushDomainOf(ctx.config);
    const client = await liveClient(ctx);
    if (!want || !client) return skip('no push domain or no cloud API credentials');
    const given = [...(ctx.inputs.streams ?? [])];
    const end = ctx.clock.now();
    const since = iso(end - 86_400_000 + 60_000);
    const [online, published] = await Promise.all([
      liveCall(ctx, `online:${want.domain}`, (c) =>
        c.describeStreamOnlineList({ DomainName: want.domain, AppName: 'live', PageSize: 10 }),
      ),
      liveCall(ctx, `published:${want.domain}`, (c) =>
        c.describeStreamPublishedList({
          DomainName: want.domain,
          AppName: 'live',
          StartTime: since,
          EndTime: iso(end),
        }),
      ),
    ]);
    if (!online || !published) return skip('no cloud API credentials');
    if (!online.ok && !published.ok && given.length === 0)
      return liveCallFailure(ctx, online, 'DescribeLiveStreamOnlineList');
    const live = online.ok ? online.streams.map((s) => s.StreamName ?? '') : [];
    // Newest first, so the cap keeps the streams most likely to matter.
    const pushed = published.ok
      ? [...published.streams]
          .sort((a, b) => (b.StreamEndTime ?? '').localeCompare(a.StreamEndTime ?? ''))
          .map((s) => s.StreamName ?? '')
      : [];
    const found = [...new Set([...live, ...pushed])]
      .filter((s) => s !== '' && !given.includes(s))
      .slice(0, MAX_STREAMS);
    const streams = [...new Set(given), ...found];
    if (streams.length === 0)
      return skip(
        `no stream was pushed to ${want.domain} in the last 24 h: push a test ` +
          `stream (minilvb sign push --stream test_probe), or name older ones with ` +
          `--stream <id>`,
      );
    const answers = await Promise.all(
      streams.map((s) =>
        client.describeCallbackRecords({ StartTime: since, EndTime: iso(end), StreamName: s, PageSize: 100 }),
      ),
    );
    const records: CallbackEventInfo[] = [];
    for (const a of answers) {
      if (!a.ok) return liveCallFailure(ctx, a, 'DescribeCallbackRecordsList');
      records.push(...a.records);
    }
    const judged: Judged[] = records.flatMap((record) => {
      const verdict = diagnoseDelivery(record, ctx.config.server.streamUserRule);
      return verdict ? [{ record, verdict }] : [];
    });
    const evidence = { streams: streams.join(', '), callbacks24h: records.length, notStored: judged.length };
    const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
    if (judged.length === 0)
      return pass(
        `${plural(records.length, 'callback')} in the last 24 h for ` +
          `${plural(streams.length, 'stream')} (${streams.join(', ')}), all stored`,
        { evidence },
      );
    return verdictOutcome(judged, records, evidence);
  },
});

/** Fails when the latest recording delivery of some stream was not stored; older or benign ones warn. */
function verdictOutcome(
  judged: Judged[],
  records: CallbackEventInfo[],
  evidence: Record<string, string | number>,
): ReturnType<typeof fail> {
  const latestRecording = new Map<string, CallbackEventInfo>();
  for (const r of records) {
    if ((r.EventType ?? 0) !== 100) continue;
    const s = streamOf(r);
    const seen = latestRecording.get(s);
    if (!seen || (r.EventTime ?? '') >= (seen.EventTime ?? '')) latestRecording.set(s, r);
  }
  const current = judged.filter((j) => !j.verdict.benign && latestRecording.get(streamOf(j.record)) === j.record);
  const lead = (current[0] ?? judged.find((j) => !j.verdict.benign) ?? judged[0]) as Judged;
  const byFaq = new Map<string, Judged[]>();
  for (const j of judged) byFaq.set(j.verdict.faqId, [...(byFaq.get(j.verdict.faqId) ?? []), j]);
  const findings: Finding[] = [...byFaq.values()].map((list) => {
    const j = list[list.length - 1] as Judged;
    return {
      status: current.some((c) => c.verdict.faqId === j.verdict.faqId) ? 'fail' : 'warn',
      summary: `${list.length} × ${describe(j)}`,
      cause: j.verdict.cause,
      fix: { text: j.verdict.fix },
      faqId: j.verdict.faqId,
    };
  });
  const details = {
    summary:
      `${describe(lead)}` +
      `${judged.length > 1 ? ` (${judged.length} of ${records.length} callbacks in 24 h not stored)` : ''}`,
    cause: lead.verdict.cause,
    fix: { text: lead.verdict.fix, link: 'https://console.cloud.tencent.com/live' },
    faqId: lead.verdict.faqId,
    evidence: {
      ...evidence,
      lastStream: streamOf(lead.record),
      lastResponse: (lead.record.Response ?? '').slice(0, 80),
      lastResultCode: lead.record.ResultCode ?? 0,
    },
    findings,
  };
  return current.length > 0 ? fail(details) : warn(details);
}

function describe(j: Judged): string {
  const what = j.record.EventType === 100 ? 'recording' : `event ${j.record.EventType ?? '?'}`;
  return (
    `stream ${streamOf(j.record)}: the ${what} delivered at ` +
    `${j.record.EventTime ?? '?'} was answered ${j.verdict.answer}` +
    `${j.verdict.benign ? ' (ignored by design)' : ': not stored'}`
  );
}
