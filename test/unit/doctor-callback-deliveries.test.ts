/**
 * Reading one recorded callback delivery (DescribeCallbackRecordsList): which FAQ entry explains a delivery that was
 * not stored.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { diagnoseDelivery } from '../../src/doctor/probe/callback-deliveries.js';

const rec = (
  request: Record<string, unknown>,
  response: string,
  resultCode = 0,
): Parameters<typeof diagnoseDelivery>[0] => ({
  EventTime: '2024-01-01 10:00:00',
  EventType: Number(request.event_type ?? 100),
  Request: JSON.stringify(request),
  Response: response,
  ResultCode: resultCode,
  StreamId: String(request.stream_id ?? ''),
});
const recording = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  event_type: 100,
  stream_id: '8888_alice',
  video_id: 'v',
  duration: 300,
  ...extra,
});

describe('diagnoseDelivery', () => {
  it('stored deliveries give no verdict', () => {
    assert.equal(diagnoseDelivery(rec(recording(), '{"code":0}')), undefined);
    assert.equal(diagnoseDelivery(rec({ event_type: 1, stream_id: 'x' }, '{"code":0}')), undefined);
  });

  it('HTTP 200 with a body code other than 0 is a rejection', () => {
    assert.equal(diagnoseDelivery(rec(recording(), '{"code":2003}'))?.faqId, 'VOD-NO-ROOM');
    assert.equal(diagnoseDelivery(rec(recording({ stream_id: 'alice' }), '{"code":2003}'))?.faqId, 'VOD-STREAM-ID');
    assert.equal(
      diagnoseDelivery(rec(recording({ stream_id: 'alice' }), '{"code":2003}'), 'whole')?.faqId,
      'VOD-NO-ROOM',
      'with streamUserRule whole, no "_" is fine',
    );
    assert.equal(diagnoseDelivery(rec(recording({ video_id: undefined }), '{"code":4002}'))?.faqId, 'VOD-NO-VIDEOID');
    assert.equal(diagnoseDelivery(rec(recording(), '{"code":4004}'))?.faqId, 'CB-API-KEY');
  });

  it('a short recording is acknowledged and ignored (benign), HTTP failures name their cause', () => {
    const short = diagnoseDelivery(rec(recording({ duration: 45 }), '{"code":0}'));
    assert.equal(short?.faqId, 'VOD-TOO-SHORT');
    assert.equal(short?.benign, true);
    assert.equal(diagnoseDelivery(rec(recording(), '', 500))?.faqId, 'VOD-SIGN-500');
    assert.equal(diagnoseDelivery(rec(recording(), '{"code":2003}', 503))?.faqId, 'DB-ACCESS');
    assert.equal(diagnoseDelivery(rec(recording(), '<html>404</html>', 404))?.faqId, 'VOD-CALLBACK-URL');
  });
});
