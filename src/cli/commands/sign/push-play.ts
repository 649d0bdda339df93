/** `sign push` and `sign play`. */
import { configValues, PUSH_TARGET } from '../../../config/index.js';
import { EXIT, InputError } from '../../../errors.js';
import {
  antiLeechSecret,
  legacyStreamName,
  playUrls,
  pushUrl,
  txTimeHex,
  type PushScheme,
} from '../../../sign/anti-leech.js';
import { showTime, type ShownTime } from '../../../sign/duration.js';
import type { CommandContext } from '../../context.js';
import { result, type CommandResult } from '../../output/output.js';
import type { Style } from '../../output/style.js';
import { CONFIG_PATHS, type PlayOpts, type PushOpts } from './paths.js';
import { clock, configWarnings, expiryFrom, requireFields, shellQuote } from './shared.js';

/** One form of the push URL (own domain, or legacy bizid). */
interface PushForm {
  form: 'domain' | 'legacy';
  url: string;
  server: string;
  streamKey: string;
  streamName: string;
  txSecret: string;
  /** null for schemes ffmpeg cannot push to. */
  ffmpeg: string | null;
}

function ffmpegLine(url: string): string {
  return (
    `ffmpeg -re -stream_loop -1 -i input.mp4 -c:v libx264 -preset veryfast ` +
    `-b:v 1500k -g 50 -c:a aac -b:a 128k -ar 44100 -f flv ${shellQuote(url)}`
  );
}

export async function signPush(ctx: CommandContext, opts: PushOpts): Promise<CommandResult> {
  const scheme = (opts.scheme ?? 'rtmp') as PushScheme;
  if (scheme !== 'rtmp' && scheme !== 'webrtc')
    throw new InputError(`Invalid --scheme ${JSON.stringify(opts.scheme)}: use rtmp or webrtc.`);
  const now = clock(undefined);
  const expiresAt = expiryFrom(opts, now);
  const loaded = await ctx.loadConfig();
  const keyPath = opts.backup ? 'lvb.pushKeyBackup' : 'lvb.pushKey';
  requireFields(loaded, [keyPath], CONFIG_PATHS.push, PUSH_TARGET);
  const { lvb } = loaded.config;
  const [key] = configValues(loaded.config, [keyPath]);
  const forms: PushForm[] = [];
  const build = (form: PushForm['form'], target: { pushDomain: string } | { bizId: number }): void => {
    const u = pushUrl({ stream: opts.stream, key, expiresAt, scheme: form === 'legacy' ? 'rtmp' : scheme, ...target });
    forms.push({
      form,
      url: u.url,
      server: u.server,
      streamKey: u.streamKey,
      streamName: u.streamName,
      txSecret: u.txSecret,
      ffmpeg: u.url.startsWith('rtmp://') ? ffmpegLine(u.url) : null,
    });
  };
  if (lvb.pushDomain !== undefined) build('domain', { pushDomain: lvb.pushDomain });
  if (lvb.bizId !== undefined) build('legacy', { bizId: lvb.bizId });
  const txTime = txTimeHex(expiresAt);
  const data = {
    stream: opts.stream,
    key: opts.backup ? 'backup' : 'primary',
    txTime,
    expiresAt: showTime(expiresAt),
    forms,
  };
  return result('sign.push', data, renderPush, { warnings: configWarnings(loaded, CONFIG_PATHS.push) });
}

function renderPush(d: { txTime: string; expiresAt: ShownTime; key: string; forms: PushForm[] }, s: Style): string {
  const out: string[] = [];
  for (const f of d.forms) {
    out.push(
      s.bold(f.form === 'domain' ? 'Push URL (own push domain)' : 'Push URL (legacy bizid form)'),
      `  ${f.url}`,
      '',
      s.bold('  OBS'),
      `    Server      ${f.server}`,
      `    Stream key  ${f.streamKey}`,
    );
    if (f.ffmpeg) out.push('', s.bold('  ffmpeg'), `    ${f.ffmpeg}`);
    out.push('');
  }
  out.push(
    s.dim(`txTime ${d.txTime} = expires ${d.expiresAt.iso} (${d.expiresAt.utc8}), signed with the ${d.key} push key.`),
    s.dim("The URL stays usable until txTime plus the domain's auth validity period."),
  );
  return out.join('\n');
}

export async function signPlay(ctx: CommandContext, opts: PlayOpts): Promise<CommandResult> {
  const now = clock(undefined);
  const expiresAt = expiryFrom(opts, now);
  const loaded = await ctx.loadConfig();
  requireFields(loaded, [], CONFIG_PATHS.play, {
    paths: ['lvb.playDomain', 'lvb.bizId'],
    why: 'your play domain, or the bizid for the legacy form',
  });
  const { lvb } = loaded.config;
  const legacy = lvb.playDomain === undefined;
  const urls = playUrls({
    stream: opts.stream,
    ...(legacy ? { bizId: lvb.bizId as number } : { playDomain: lvb.playDomain as string }),
    ...(lvb.playKey !== undefined ? { key: lvb.playKey, expiresAt } : {}),
  });
  // RoomService's low-latency play: the legacy RTMP play URL with the push-key signature.
  let acc: string | null = null;
  if (legacy && lvb.pushKey !== undefined) {
    const name = legacyStreamName(lvb.bizId as number, opts.stream);
    const txTime = txTimeHex(expiresAt);
    acc =
      `rtmp://${lvb.bizId}.liveplay.myqcloud.com/live/${name}?bizid=` +
      `${lvb.bizId}&txSecret=${antiLeechSecret(lvb.pushKey, name, txTime)}` +
      `&txTime=${txTime}`;
  }
  const data = {
    stream: opts.stream,
    form: legacy ? 'legacy' : 'domain',
    ...urls,
    acc,
    expiresAt: urls.signed || acc ? showTime(expiresAt) : null,
  };
  return result(
    'sign.play',
    data,
    (d, s) => {
      const rows: Array<[string, string | null | undefined]> = [
        ['RTMP', d.rtmp],
        ['FLV', d.flv],
        ['HLS', d.hls],
        ['WebRTC', d.webrtc],
        ['ACC (low latency)', d.acc],
      ];
      const lines = [s.bold(`Play URLs for ${d.streamName}${d.form === 'legacy' ? ' (legacy bizid form)' : ''}`)];
      for (const [k, v] of rows) if (v) lines.push(`  ${k.padEnd(18)}${v}`);
      lines.push(
        '',
        s.dim(
          d.signed
            ? `Signed with the play key; expires ${d.expiresAt?.iso} (${d.expiresAt?.utc8}).`
            : 'Unsigned: no play key is configured (lvb.playKey), so play anti-leech must be off.',
        ),
      );
      return lines.join('\n');
    },
    { exitCode: EXIT.ok, warnings: configWarnings(loaded, CONFIG_PATHS.play) },
  );
}
