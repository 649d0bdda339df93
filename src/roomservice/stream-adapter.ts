/**
 * Stream status and stream mixing go through one pluggable adapter (docs/roomservice.md#heartbeats-and-cleanup):
 * Tencent's legacy `common_access` CGI may no longer answer, so the default adapter says so instead of
 * pretending. When a lapsed pusher's stream cannot be confirmed live, the sweep removes the pusher.
 */
import { md5Hex } from '../sign/digest.js';
import type { RsConfig } from './rs-config.js';

/** Whether a stream is live; 'unknown' when it cannot be told. */
export type StreamStatus = 'pushing' | 'not-pushing' | 'unknown';

/** The mix result as Tencent answers it, or why mixing is unavailable. */
export type MixOutcome =
  { ok: true; result: { code: number; message: string; timestamp?: number } } | { ok: false; message: string };

export interface StreamAdapter {
  readonly name: string;
  status(c: RsConfig, streamID: string): Promise<StreamStatus>;
  mix(c: RsConfig, mergeParams: unknown): Promise<MixOutcome>;
}

/** No stream API: statuses are unknown, mixing is refused with the reason. */
export const NO_STREAM_API: StreamAdapter = {
  name: 'none',
  status: async () => 'unknown',
  mix: async () => ({
    ok: false,
    message:
      "stream mixing is unavailable: Tencent's legacy common_access endpoint is not configured on this server " +
      '(docs/roomservice.md#im-and-mixing)',
  }),
};

/** The legacy `fcgi.video.qcloud.com/common_access` CGI, signed md5(APIKey + t); needs lvb appId and apiKey. */
export function legacyCommonAccess(endpoint: string, nowSec: () => number, timeoutMs = 3000): StreamAdapter {
  const url = (c: RsConfig, iface: string, extra: string, ttl: number): string | undefined => {
    if (c.appId === undefined || !c.apiKey) return undefined;
    const t = nowSec() + ttl;
    return `${endpoint}?appid=${c.appId}&interface=${iface}${extra}&t=${t}&sign=${md5Hex(c.apiKey + String(t))}`;
  };
  return {
    name: 'legacy',
    async status(c, streamID) {
      const u = url(c, 'Live_Channel_GetStatus', `&Param.s.channel_id=${encodeURIComponent(streamID)}`, 300);
      if (!u) return 'unknown';
      try {
        const res = await fetch(u, { signal: AbortSignal.timeout(timeoutMs) });
        const b = (await res.json()) as { ret?: unknown; output?: Array<{ status?: unknown }> };
        if (b.ret !== 0) return 'unknown';
        return b.output?.[0]?.status === 1 ? 'pushing' : 'not-pushing';
      } catch {
        return 'unknown';
      }
    },
    async mix(c, mergeParams) {
      const u = url(c, 'mix_streamv2.start_mix_stream_advanced', '', 60);
      if (!u) return { ok: false, message: 'stream mixing needs the live appId and apiKey in the RoomService config' };
      try {
        const res = await fetch(u, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(mergeParams),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const b = (await res.json()) as { code?: unknown; message?: unknown; timestamp?: unknown };
        return {
          ok: true,
          result: {
            code: typeof b.code === 'number' ? b.code : -1,
            message: String(b.message ?? ''),
            ...(typeof b.timestamp === 'number' ? { timestamp: b.timestamp } : {}),
          },
        };
      } catch (err) {
        return {
          ok: false,
          message: `Tencent's legacy common_access endpoint is unavailable (${(err as Error).name})`,
        };
      }
    },
  };
}

/** Where the legacy CGI lives (docs/roomservice.md#im-and-mixing). */
export const LEGACY_COMMON_ACCESS = 'http://fcgi.video.qcloud.com/common_access';

/** The adapter the configuration in force selects (`streamApi`), so a push switches it without a restart. */
export function configuredStreams(nowSec: () => number, endpoint = LEGACY_COMMON_ACCESS): StreamAdapter {
  const legacy = legacyCommonAccess(endpoint, nowSec);
  const pick = (c: RsConfig): StreamAdapter => (c.streamApi === 'legacy' ? legacy : NO_STREAM_API);
  return {
    name: 'configured',
    status: (c, id) => pick(c).status(c, id),
    mix: (c, params) => pick(c).mix(c, params),
  };
}
