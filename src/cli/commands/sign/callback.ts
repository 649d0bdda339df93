/** `sign callback`: the callback sign, and complete signed sample payloads (docs/callbacks.md#the-request). */
import { requireValues } from '../../../config/index.js';
import { InputError, UsageError } from '../../../errors.js';
import { assertStreamId, legacyStreamName } from '../../../sign/anti-leech.js';
import { callbackSign } from '../../../sign/callback-sign.js';
import { md5Hex } from '../../../sign/digest.js';
import { parseUnixOrHex, showTime } from '../../../sign/duration.js';
import type { MinilvbConfig } from '../../../config/index.js';
import type { CommandContext } from '../../context.js';
import { result, type CommandResult } from '../../output/output.js';
import { CONFIG_PATHS, type CallbackOpts } from './paths.js';
import { clock, configWarnings, shellQuote } from './shared.js';

const EVENTS = [0, 1, 100, 200] as const;

/** A sample payload of the given event, with the fields the bundled server and PHP reference read. */
function samplePayload(
  event: number,
  streamId: string,
  t: number,
  cfg: MinilvbConfig,
  format: string,
): Record<string, unknown> {
  const appid = cfg.lvb.appId ?? cfg.cos.appId ?? 1250000000;
  const app =
    cfg.lvb.pushDomain ?? (cfg.lvb.bizId !== undefined ? `${cfg.lvb.bizId}.livepush.myqcloud.com` : 'push.example.com');
  const sent = t - 600;
  const common = { appid, app, appname: 'live', stream_id: streamId, channel_id: streamId, event_type: event };
  const id = md5Hex(`${streamId}:${sent}`);
  if (event === 0 || event === 1) {
    return {
      ...common,
      event_time: sent,
      sequence: id.slice(0, 16),
      node: '127.0.0.1',
      user_ip: '127.0.0.1',
      stream_param: '',
      ...(event === 0 ? { push_duration: 120000, errcode: 1, errmsg: 'deleteStream' } : {}),
    };
  }
  if (event === 100) {
    const ext = format === 'hls' ? 'm3u8' : format;
    return {
      ...common,
      video_id: `200011683_${id}`,
      file_id: String(BigInt(`0x${id.slice(0, 15)}`)),
      video_url: `http://${appid}.vod2.myqcloud.com/${id.slice(0, 8)}/${id.slice(8, 20)}/f0.${ext}`,
      file_format: format,
      start_time: sent - 120,
      end_time: sent,
      duration: 120,
      file_size: 9437184,
      stream_param: '',
    };
  }
  return {
    ...common,
    create_time: sent,
    file_size: 65536,
    width: 1280,
    height: 720,
    pic_url: `/${streamId}-screenshot-${sent}.jpg`,
    pic_full_url: `http://${appid}.picsh.myqcloud.com/${streamId}-screenshot-${sent}.jpg`,
  };
}

export async function signCallback(ctx: CommandContext, opts: CallbackOpts): Promise<CommandResult> {
  const t = opts.t === undefined ? clock(undefined) + 600 : parseUnixOrHex(opts.t, '--t');
  let event: number | undefined;
  if (opts.event !== undefined) {
    event = Number(opts.event);
    if (!(EVENTS as readonly number[]).includes(event) || !/^\d+$/.test(opts.event))
      throw new InputError(
        `Invalid --event ${JSON.stringify(opts.event)}: use 0 (stream end), 1 ` +
          `(stream start), 100 (recording) or 200 (screenshot).`,
      );
    if (opts.stream === undefined)
      throw new UsageError('--event needs --stream <id> for the sample payload.', {
        hint: 'Example: minilvb sign callback --event 100 --stream jacqiu',
      });
    assertStreamId(opts.stream);
  }
  const format = opts.format ?? 'mp4';
  if (!['mp4', 'hls', 'flv', 'aac'].includes(format))
    throw new InputError(`Invalid --format ${JSON.stringify(format)}: use mp4, hls, flv or aac.`);
  const loaded = await ctx.loadConfig();
  const [apiKey] = requireValues(loaded, ['lvb.apiKey'], CONFIG_PATHS.callback);
  const cfg = loaded.config;
  const sign = callbackSign(apiKey, t);
  const warnings: string[] = configWarnings(loaded, CONFIG_PATHS.callback);
  let sample: { payload: Record<string, unknown>; url: string; curl: string } | null = null;
  if (event !== undefined && opts.stream !== undefined) {
    const whole = cfg.server.streamUserRule === 'whole';
    const streamId = !whole && cfg.lvb.bizId !== undefined ? legacyStreamName(cfg.lvb.bizId, opts.stream) : opts.stream;
    if (!whole && !streamId.includes('_')) {
      warnings.push(
        `stream_id "${streamId}" has no "_": with server.streamUserRule ` +
          `${cfg.server.streamUserRule} the server cannot map it to a user id and ` +
          `answers {"code":2003}. Pass --stream {bizid}_{userid}, or use ` +
          `streamUserRule "whole".`,
      );
    }
    const payload = { ...samplePayload(event, streamId, t, cfg, format), t, sign };
    const url =
      opts.url ??
      `${cfg.server.publicUrl ?? `http://${cfg.server.host}:${cfg.server.port}`}/callback/tape_callback.php`;
    const curl =
      `curl -sS -X POST -H 'Content-Type: application/json' --data ` +
      `${shellQuote(JSON.stringify(payload))} ${shellQuote(url)}`;
    sample = { payload, url, curl };
  }
  const data = { t, expiresAt: showTime(t), sign, ...(sample ?? {}) };
  return result(
    'sign.callback',
    data,
    (d, s) => {
      const lines = [`t     ${d.t}  (expires ${d.expiresAt.iso}, ${d.expiresAt.utc8})`, `sign  ${d.sign}`];
      if (sample)
        lines.push(
          '',
          s.bold(`Sample event ${event} payload`),
          JSON.stringify(sample.payload, null, 2),
          '',
          s.bold('Send it'),
          sample.curl,
        );
      return lines.join('\n');
    },
    { warnings },
  );
}
