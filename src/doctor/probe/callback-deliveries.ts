/**
 * Reads one callback delivery Tencent recorded (DescribeCallbackRecordsList: the request it sent and
 * the answer it got) and names why the event was not stored. An HTTP 200 with a body code other
 * than 0 is a rejection too: `{"code":2003}` means "not attached to a user" (docs/callbacks.md#answer-codes).
 */
import type { CallbackEventInfo } from '../../cloud/live.js';
import type { StreamUserRule } from '../../config/schema.js';
import { jsonObject } from './http.js';

/** Why a delivery did not become a replay. */
export interface DeliveryVerdict {
  faqId:
    | 'VOD-NO-ROOM'
    | 'VOD-STREAM-ID'
    | 'VOD-TOO-SHORT'
    | 'VOD-NO-VIDEOID'
    | 'VOD-SIGN-500'
    | 'CB-API-KEY'
    | 'VOD-CALLBACK-URL'
    | 'DB-ACCESS'
    | 'VOD-DB-WRITE';
  /** What Tencent got back, as shown to the user (`{"code":2003}`, `HTTP 500`). */
  answer: string;
  cause: string;
  fix: string;
  /** True for outcomes that are by design (a too-short test stream), not a fault. */
  benign?: boolean;
}

const MIN_RECORD_SECONDS = 60;

function num(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** The stream id of the event as the server sees it (stream_id, else channel_id, else the record's). */
export function streamOf(record: CallbackEventInfo): string {
  const req = jsonObject(record.Request ?? '') ?? {};
  const id = req.stream_id ?? req.channel_id ?? record.StreamId ?? '';
  return typeof id === 'string' ? id : String(id);
}

/** The verdict of one delivery, or undefined when it was stored (or is not a recording matter). */
export function diagnoseDelivery(
  record: CallbackEventInfo,
  rule: StreamUserRule = 'after-first-underscore',
): DeliveryVerdict | undefined {
  const req = jsonObject(record.Request ?? '') ?? {};
  const response = record.Response ?? '';
  const reply = jsonObject(response);
  const http = record.ResultCode ?? 0;
  const event = num(req.event_type) ?? record.EventType;
  const stream = streamOf(record);
  if (http !== 0 || !reply) {
    const status = http !== 0 ? http : Number(/\b([1-5]\d\d)\b/.exec(response)?.[1] ?? 0);
    const answer = response.trim() === '' ? `HTTP ${status || '?'}` : response.slice(0, 60);
    if (status === 500)
      return {
        faqId: 'VOD-SIGN-500',
        answer,
        cause:
          'the server crashed on the callback: the PHP 8 reference dies on a wrong ' +
          'sign (undefined EC_SYSTEM_INVALID_SIGN), so a key mismatch shows as ' +
          'HTTP 500; Tencent retries 3 times, then drops it',
        fix:
          'Make API_KEY equal the console callback key (minilvb doctor keys), or ' +
          'use the bundled server (answers {"code":4004}).',
      };
    if (status === 503)
      return {
        faqId: 'DB-ACCESS',
        answer,
        cause: 'the server could not use its database when the callback arrived',
        fix: "Run minilvb doctor database server with the server's DB settings.",
      };
    return {
      faqId: 'VOD-CALLBACK-URL',
      answer,
      cause: `Tencent could not deliver the callback (${answer}): the URL is wrong or the server was down`,
      fix: 'Check the callback URL of the template (minilvb doctor lvb.callback-url) and that the server answers it.',
    };
  }
  const code = num(reply.code);
  const answer = JSON.stringify(reply).slice(0, 60);
  if (code === 0) {
    const duration = num(req.duration) ?? (num(req.end_time) ?? 0) - (num(req.start_time) ?? 0);
    if (event === 100 && duration <= MIN_RECORD_SECONDS) {
      return {
        faqId: 'VOD-TOO-SHORT',
        answer,
        cause:
          `the recording lasted ${duration} s; recordings of ${MIN_RECORD_SECONDS} ` +
          `s or less are acknowledged and ignored`,
        fix: 'Test with pushes longer than one minute.',
        benign: true,
      };
    }
    return undefined;
  }
  if (code === 2003) {
    if (rule !== 'whole' && !stream.includes('_')) {
      return {
        faqId: 'VOD-STREAM-ID',
        answer,
        cause: `the stream id ${stream} has no "_", so the server cannot tell whose recording it is`,
        fix: 'Push as {prefix}_{userid} (the apps do), or set server.streamUserRule to match your stream names.',
      };
    }
    const user = rule === 'whole' ? stream : stream.slice(stream.indexOf('_') + 1);
    return {
      faqId: 'VOD-NO-ROOM',
      answer,
      cause:
        `no tb_room row for ${user}: the app never called /upload_room for this ` +
        `user (or it failed), so the recording was dropped`,
      fix:
        'Start the stream from the app (it calls /upload_room first); on a PHP 8 ' +
        'server patch upload_room.php (ERROR_CODE_SUCCESSFUL) or use the bundled ' +
        'server.',
    };
  }
  if (code === 4002) {
    if (event === 100 && req.video_id === undefined)
      return {
        faqId: 'VOD-NO-VIDEOID',
        answer,
        cause: 'the recording event has no video_id, which the PHP server requires',
        fix: 'Use the bundled server, which falls back to file_id.',
      };
    return {
      faqId: 'VOD-DB-WRITE',
      answer,
      cause: 'the server says a field of the event is missing',
      fix: 'Compare the recorded request with docs/callbacks.md; use the bundled server.',
    };
  }
  if (code === 4004)
    return {
      faqId: 'CB-API-KEY',
      answer,
      cause: 'the server rejected the sign: its API_KEY is not the console callback key',
      fix: 'Make API_KEY equal the callback key (minilvb doctor keys).',
    };
  return {
    faqId: 'VOD-DB-WRITE',
    answer,
    cause: `the server answered code ${String(code)}: the event was not stored`,
    fix: 'Read the server log for this callback.',
  };
}
