/**
 * Callback deliveries as the Live API records them (DescribeCallbackRecordsList): the emulator
 * POSTs a signed event to a real server, exactly as Tencent does, and keeps the request it sent
 * and the answer it got. HTTP 200 gives ResultCode 0 whatever the body says (the body is the
 * server's verdict), any other status gives that status.
 */
import { callbackSign } from '../../src/sign/index.js';
import { beijingTime, type LiveCallbackRecord, type LiveEmulatorState } from './live-emulator-state.js';

const utc = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** A recording event (event 100) for `streamId`, `seconds` long, ending a minute before `at`. */
export function recordingEvent(
  streamId: string,
  seconds: number,
  at = Date.now(),
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const end = Math.floor(at / 1000) - 60;
  const id = `${streamId}_${end}`;
  return {
    event_type: 100,
    stream_id: streamId,
    channel_id: streamId,
    appid: 1252463788,
    app: 'push.example.com',
    appname: 'live',
    video_id: id,
    file_id: id,
    video_url: `http://1252463788.vod2.myqcloud.com/${id}.mp4`,
    file_format: 'mp4',
    start_time: end - seconds,
    end_time: end,
    duration: seconds,
    file_size: 1024,
    stream_param: '',
    ...extra,
  };
}

/** Delivers `event` to `url` signed with `apiKey` and appends the delivery record to the live state. */
export async function deliverCallback(
  state: LiveEmulatorState,
  url: string,
  event: Record<string, unknown>,
  apiKey: string,
  at = Date.now() - 60_000,
): Promise<LiveCallbackRecord> {
  const t = Math.floor(at / 1000) + 600;
  const request = JSON.stringify({ ...event, t, sign: callbackSign(apiKey, t) });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: request,
    signal: AbortSignal.timeout(5000),
  });
  const response = await res.text();
  const record: LiveCallbackRecord = {
    EventTime: beijingTime(at),
    EventType: Number(event.event_type ?? 0),
    Request: request,
    Response: response,
    ResponseTime: beijingTime(at + 200),
    ResultCode: res.status === 200 ? 0 : res.status,
    StreamId: String(event.stream_id ?? ''),
  };
  state.callbackRecords.push(record);
  return record;
}

/** Records that `streamId` was pushed to `domain` for `seconds`, ending at `at` (DescribeLiveStreamPublishedList). */
export function markPublished(
  state: LiveEmulatorState,
  domain: string,
  streamId: string,
  seconds = 300,
  at = Date.now() - 60_000,
): void {
  state.publishedStreams.push({
    StreamName: streamId,
    AppName: 'live',
    DomainName: domain,
    StreamStartTime: utc(at - seconds * 1000),
    StreamEndTime: utc(at),
    StopReason: 'NormalStop',
    Duration: seconds,
    ClientIp: '127.0.0.1',
    Resolution: '720*1280',
  });
}
