/**
 * LVB anti-leech signing (docs/signing.md#push-and-play-urls): txTime is the expiry in hex,
 * txSecret = md5(KEY + StreamName + txTime).
 * Push URLs in both the legacy bizid form and the own-domain form, and play URLs.
 */
import { InputError } from '../errors.js';
import { md5Hex } from './digest.js';

/** Push URL schemes the own-domain form supports. */
export type PushScheme = 'rtmp' | 'webrtc' | 'srt';

/** The expiry written the way the official code writes it: uppercase hex of Unix seconds. */
export function txTimeHex(unixSeconds: number): string {
  if (!Number.isSafeInteger(unixSeconds) || unixSeconds < 0)
    throw new InputError(`txTime must be a non-negative integer of Unix seconds, got ${unixSeconds}`);
  return unixSeconds.toString(16).toUpperCase();
}

/** md5(KEY + StreamName + txTime). txTime must be byte-identical to the one in the URL (case matters). */
export function antiLeechSecret(key: string, streamName: string, txTime: string): string {
  return md5Hex(key + streamName + txTime);
}

/** Stream ids that are safe in a URL path and accepted by LVB: letters, digits, `_`, `-`, `.`. */
const STREAM_ID = /^[A-Za-z0-9_.-]{1,128}$/;

export function assertStreamId(stream: string): void {
  if (!STREAM_ID.test(stream)) {
    throw new InputError(`Invalid stream id ${JSON.stringify(stream)}: use 1–128 characters of A-Z a-z 0-9 _ - .`, {
      hint: 'Stream ids become part of the URL path; xiaozhibo uses the user id, e.g. --stream jacqiu.',
    });
  }
}

/** Inputs of pushUrl. With bizId and no pushDomain the legacy 直播码 form is produced. */
export interface PushUrlInput {
  pushDomain?: string;
  bizId?: number;
  stream: string;
  key: string;
  /** Unix seconds at which the URL expires (becomes txTime). */
  expiresAt: number;
  scheme?: PushScheme;
}

/** A signed push URL and its OBS split. */
export interface PushUrl {
  url: string;
  /** OBS "Server" field, e.g. `rtmp://host/live/`. */
  server: string;
  /** OBS "Stream key" field: `name?query`. */
  streamKey: string;
  streamName: string;
  txTime: string;
  txSecret: string;
}

/** The StreamName of the legacy form: the stream id must carry the `{bizid}_` prefix (added if absent). */
export function legacyStreamName(bizId: number, stream: string): string {
  return stream.startsWith(`${bizId}_`) ? stream : `${bizId}_${stream}`;
}

export function pushUrl(input: PushUrlInput): PushUrl {
  assertStreamId(input.stream);
  const txTime = txTimeHex(input.expiresAt);
  const legacy = input.pushDomain === undefined && input.bizId !== undefined;
  if (!legacy && input.pushDomain === undefined)
    throw new InputError('A push URL needs a push domain or a bizid.', {
      hint: 'Set lvb.pushDomain (--push-domain) or lvb.bizId (--bizid).',
    });
  const streamName = legacy ? legacyStreamName(input.bizId as number, input.stream) : input.stream;
  const host = legacy ? `${input.bizId}.livepush.myqcloud.com` : (input.pushDomain as string);
  const txSecret = antiLeechSecret(input.key, streamName, txTime);
  const query = `${legacy ? `bizid=${input.bizId}&` : ''}txSecret=${txSecret}&txTime=${txTime}`;
  const scheme = legacy ? 'rtmp' : (input.scheme ?? 'rtmp');
  const server = `${scheme}://${host}/live/`;
  const streamKey = `${streamName}?${query}`;
  return { url: `${server}${streamKey}`, server, streamKey, streamName, txTime, txSecret };
}

/** Inputs of playUrls; key is the play anti-leech key (unsigned URLs without it). */
export interface PlayUrlsInput {
  playDomain?: string;
  bizId?: number;
  stream: string;
  key?: string;
  expiresAt?: number;
}

/** Play URLs for every protocol the apps use; webrtc only on own domains. */
export interface PlayUrls {
  streamName: string;
  rtmp: string;
  flv: string;
  hls: string;
  webrtc?: string;
  signed: boolean;
  txTime?: string;
  txSecret?: string;
}

export function playUrls(input: PlayUrlsInput): PlayUrls {
  assertStreamId(input.stream);
  const legacy = input.playDomain === undefined && input.bizId !== undefined;
  if (!legacy && input.playDomain === undefined)
    throw new InputError('Play URLs need a play domain or a bizid.', {
      hint: 'Set lvb.playDomain (--play-domain) or lvb.bizId (--bizid).',
    });
  const streamName = legacy ? legacyStreamName(input.bizId as number, input.stream) : input.stream;
  const host = legacy ? `${input.bizId}.liveplay.myqcloud.com` : (input.playDomain as string);
  let query = '';
  let sig: { txTime: string; txSecret: string } | undefined;
  if (input.key !== undefined) {
    if (input.expiresAt === undefined) throw new InputError('Signed play URLs need an expiry (expiresAt).');
    const txTime = txTimeHex(input.expiresAt);
    sig = { txTime, txSecret: antiLeechSecret(input.key, streamName, txTime) };
    query = `?txSecret=${sig.txSecret}&txTime=${sig.txTime}`;
  }
  const base = `${host}/live/${streamName}`;
  return {
    streamName,
    rtmp: `rtmp://${base}${query}`,
    flv: `http://${base}.flv${query}`,
    hls: `http://${base}.m3u8${query}`,
    ...(legacy ? {} : { webrtc: `webrtc://${base}${query}` }),
    signed: sig !== undefined,
    ...(sig ?? {}),
  };
}
