/**
 * Validation of an LVB event callback (docs/callbacks.md#validation): JSON object, required
 * fields, strictly typed `t` and `sign`, constant-time sign check, expiry of `t`. Pure: returns
 * either the event or the code to answer.
 */
import { verifyCallbackSign } from '../../sign/index.js';
import { parseJsonObject } from '../http-io.js';

/** Callback answer codes (docs/callbacks.md#answer-codes). */
export const CB = { ok: 0, notJson: 4001, badField: 4002, badSign: 4004, expired: 4005, notAttached: 2003 } as const;

/** A recording-generated event (100), after validation. */
export interface RecordingEvent {
  fileId: string;
  videoUrl: string;
  fileFormat: string;
  startTime: number;
  endTime: number;
}

/** A validated event. */
export interface CallbackEvent {
  eventType: number;
  streamId: string;
  t: number;
  /** The sign as received (lowercased): part of the replay key. */
  sign: string;
  recording?: RecordingEvent;
}

/** The HTTP answer of one callback. */
export interface CallbackReply {
  status: number;
  body: Record<string, unknown>;
  /** For the request log: event type and what was done (no URLs, no sign). */
  facts: Record<string, string | number>;
}

/** The accepted range of `t`: not expired, and not further ahead than Tencent's window (both with the skew). */
export interface TimeRule {
  nowSeconds: number;
  skewSeconds: number;
  windowSeconds: number;
}

/** tb_vod's TIMESTAMP columns end at 2038-01-19 03:14:07 UTC; later times cannot be stored. */
const MAX_TIMESTAMP = 2_147_483_647;

export type ParseResult = { ok: true; event: CallbackEvent } | { ok: false; code: number; reason: string };

/** An integer given as a JSON number or a decimal string (docs/callbacks.md#c1). */
export function intOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

const bad = (code: number, reason: string): ParseResult => ({ ok: false, code, reason });

export function parseCallback(raw: Buffer, key: string, time: TimeRule): ParseResult {
  const { nowSeconds, skewSeconds, windowSeconds } = time;
  const body = parseJsonObject(raw);
  if (!body) return bad(CB.notJson, 'body is not a JSON object');
  for (const f of ['t', 'sign', 'event_type', 'stream_id'] as const) {
    if (body[f] === undefined || body[f] === null || body[f] === '') return bad(CB.badField, `${f} missing`);
  }
  const t = intOf(body.t);
  if (t === undefined || t < 0) return bad(CB.badField, 't is not an integer');
  const eventType = intOf(body.event_type);
  if (eventType === undefined) return bad(CB.badField, 'event_type is not an integer');
  if (typeof body.stream_id !== 'string') return bad(CB.badField, 'stream_id is not a string');
  // docs/callbacks.md#c1: `"sign": true` (PHP loose ==) or any non-hex value is a bad sign, not a pass.
  if (!verifyCallbackSign(key, t, body.sign)) return bad(CB.badSign, 'sign does not match md5(key + t)');
  if (nowSeconds > t + skewSeconds) return bad(CB.expired, `t expired ${nowSeconds - t} s ago`);
  // t is the notification's expiry (send time + 600 s): one far ahead would stay replayable for ever.
  if (t > nowSeconds + windowSeconds + skewSeconds) return bad(CB.expired, `t is ${t - nowSeconds} s in the future`);
  const event: CallbackEvent = { eventType, streamId: body.stream_id, t, sign: String(body.sign).toLowerCase() };
  if (eventType !== 100) return { ok: true, event };

  const fileId = typeof body.video_id === 'string' && body.video_id !== '' ? body.video_id : body.file_id;
  if (typeof fileId !== 'string' || fileId === '') return bad(CB.badField, 'video_id and file_id missing');
  if (typeof body.video_url !== 'string' || body.video_url === '') return bad(CB.badField, 'video_url missing');
  if (typeof body.file_format !== 'string' || body.file_format === '') return bad(CB.badField, 'file_format missing');
  const startTime = intOf(body.start_time);
  const endTime = intOf(body.end_time);
  if (startTime === undefined || endTime === undefined)
    return bad(CB.badField, 'start_time/end_time missing or not integers');
  if (startTime < 0 || endTime < 0 || startTime > MAX_TIMESTAMP || endTime > MAX_TIMESTAMP)
    return bad(CB.badField, 'start_time/end_time out of range');
  event.recording = {
    fileId,
    videoUrl: body.video_url,
    fileFormat: body.file_format.toLowerCase(),
    startTime,
    endTime,
  };
  return { ok: true, event };
}
