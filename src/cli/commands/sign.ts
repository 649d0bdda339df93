/**
 * `minilvb sign`: signed push/play URLs, UserSigs (make, decode, verify), callback, COS and
 * Liteav-Sig signatures. Each subcommand's handler is imported only when it runs, so
 * `minilvb sign push` loads nothing but the anti-leech signer.
 */
import type { Command } from 'commander';
import { addConfigOptions } from '../config-options.js';
import type { Runner } from '../run.js';
import type { CallbackOpts } from './sign/callback.js';
import type { CosOpts, LiteavOpts } from './sign/cos-liteav.js';
import { CONFIG_PATHS } from './sign/paths.js';
import type { PlayOpts, PushOpts } from './sign/push-play.js';
import type { DecodeOpts, UserSigOpts } from './sign/usersig.js';

const ex = (lines: string[]): string => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;
const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/**
 * The subcommands, each defined by one function. `minilvb sign push` defines only `push`: building
 * ~40 commander options costs about a millisecond of a benchmarked start (`npm run bench`).
 */
const SUBCOMMANDS: Readonly<Record<string, (sign: Command, run: Runner) => void>> = {
  push: (sign, run) => {
    addConfigOptions(sign.command('push').description('a signed push URL (txSecret/txTime), the OBS server + stream key, and an ffmpeg command'), CONFIG_PATHS.push)
      .requiredOption('-s, --stream <id>', 'stream id (legacy bizid setups: the user id; the {bizid}_ prefix is added)')
      .option('-e, --expires <duration>', 'validity from now: 3600, 90m, 2h, 7d (default 24h)')
      .option('--tx-time <unix|hex>', 'exact expiry instead of --expires: Unix seconds (1546064025) or hex (5C271099)')
      .option('--scheme <scheme>', 'rtmp or webrtc (own push domains only)', 'rtmp')
      .option('--backup', 'sign with the backup push key (lvb.pushKeyBackup)')
      .addHelpText('after', ex([
        'minilvb sign push --stream demo',
        'minilvb sign push --stream demo --expires 2h --json',
        'minilvb sign push --stream test --push-domain livepush.tcloud.com --push-key <key> --tx-time 5C271099',
        'minilvb sign push --stream jacqiu --bizid 8888 --push-key <key>      # legacy {bizid}.livepush.myqcloud.com form',
      ]))
      .action(run<PushOpts>(async (ctx, opts) => (await import('./sign/push-play.js')).signPush(ctx, opts)));
  },
  play: (sign, run) => {
    addConfigOptions(sign.command('play').description('rtmp, flv, hls and webrtc play URLs, signed when a play key is configured'), CONFIG_PATHS.play)
      .requiredOption('-s, --stream <id>', 'stream id')
      .option('-e, --expires <duration>', 'validity of signed URLs from now (default 24h)')
      .option('--tx-time <unix|hex>', 'exact expiry instead of --expires')
      .addHelpText('after', ex(['minilvb sign play --stream demo', 'minilvb sign play --stream demo --play-key <key> --expires 1h --json']))
      .action(run<PlayOpts>(async (ctx, opts) => (await import('./sign/push-play.js')).signPlay(ctx, opts)));
  },
  usersig: (sign, run) => {
    addConfigOptions(sign.command('usersig').description('an IM UserSig: v2 (HMAC, tls-sig-api-v2) or, with --legacy, v1 (ECDSA) from the private key'), CONFIG_PATHS.usersig)
      .requiredOption('-u, --user <id>', 'IM user id (identifier)')
      .option('--expire <duration>', 'validity: 3600, 7d, 180d (default 180d, as /login)')
      .option('--legacy', 'make a v1 ECDSA UserSig from im.privateKey and im.accountType (default when credentials is "legacy")')
      .option('--now <unix>', 'issue time instead of the system clock (Unix seconds)')
      .addHelpText('after', ex(['minilvb sign usersig --user admin', 'minilvb sign usersig --user jacqiu --expire 7d --json', 'minilvb sign usersig --user admin --legacy --im-private-key-file private_key']))
      .action(run<UserSigOpts>(async (ctx, opts) => (await import('./sign/usersig.js')).signUserSig(ctx, opts)));
  },
  decode: (sign, run) => {
    addConfigOptions(sign.command('decode').description('decode a v1 or v2 UserSig, show every field and expiry, and verify it when the key is configured')
      .argument('<usersig>', 'the UserSig, or - to read it from stdin'), CONFIG_PATHS.decode)
      .option('-u, --user <id>', 'also check that the UserSig belongs to this user')
      .option('--now <unix>', 'judge expiry at this time instead of the system clock')
      .addHelpText('after', `${ex(['minilvb sign decode eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS8...', 'pbpaste | minilvb sign decode - --json'])}

  Exit codes: 0 valid (or decoded, no key to verify with), 1 expired or verification failed
  (the reason and the IM error code the app would see: 70001, 70003, 70009, 70013, 70014), 2 garbled input.`)
      .action(run<DecodeOpts>(async (ctx, opts, args) => (await import('./sign/usersig.js')).signDecode(ctx, opts, args)));
  },
  callback: (sign, run) => {
    addConfigOptions(sign.command('callback').description('the callback sign md5(key + t), or with --event a complete signed sample payload and curl command'), CONFIG_PATHS.callback)
      .option('-t, --t <unix>', 'expiry t of the notification (default now + 600, as Tencent sends)')
      .option('--event <type>', 'sample payload for event 0 (stream end), 1 (start), 100 (recording) or 200 (screenshot)')
      .option('-s, --stream <id>', 'stream id for the sample payload (legacy: {bizid}_ is prefixed)')
      .option('--format <format>', 'file_format of an event-100 sample: mp4, hls or flv', 'mp4')
      .option('--url <url>', 'callback URL for the curl command (default {server.publicUrl}/callback/tape_callback.php)')
      .addHelpText('after', ex(['minilvb sign callback', 'minilvb sign callback --t 1545030873 --api-key <key>', 'minilvb sign callback --event 100 --stream jacqiu --json']))
      .action(run<CallbackOpts>(async (ctx, opts) => (await import('./sign/callback.js')).signCallback(ctx, opts)));
  },
  cos: (sign, run) => {
    addConfigOptions(sign.command('cos').description('the signKey/keyTime /get_cos_sign returns; with --method and --path a full COS Authorization'), CONFIG_PATHS.cos)
      .option('--method <method>', 'HTTP method of the COS request (PUT, GET, POST, HEAD, DELETE)')
      .option('--path <path>', 'object path of the request, e.g. /jacqiu/1700000000000 (a ?query is signed too)')
      .option('-H, --header <name:value>', 'extra header to sign (repeatable); host is always signed', collect)
      .option('-e, --expires <duration>', 'key lifetime (default cos.expiredTime, 30 s)')
      .option('--now <unix>', 'start of the key time instead of the system clock')
      .addHelpText('after', ex(['minilvb sign cos', 'minilvb sign cos --method PUT --path /jacqiu/1700000000000 -H "Content-Type: image/jpeg" --expires 15m']))
      .action(run<CosOpts>(async (ctx, opts) => (await import('./sign/cos-liteav.js')).signCos(ctx, opts)));
  },
  liteav: (sign, run) => {
    sign.command('liteav').description('the Liteav-Sig header md5(token + md5(body)) for an app request body')
      .requiredOption('--token <token>', 'the session token from /login or /refresh')
      .requiredOption('--body <json>', 'the exact request body, or - to read it from stdin')
      .addHelpText('after', ex([`minilvb sign liteav --token 123456789 --body '{"userid":"jacqiu","timestamp":1512890037,"expires":10,"index":0,"count":20}'`]))
      .action(run<LiteavOpts>(async (ctx, opts) => (await import('./sign/cos-liteav.js')).signLiteav(ctx, opts)));
  },
};

/** Registers `sign` and its subcommands; `subcommand` (the word after `sign`) narrows them to that one. */
export function register(program: Command, run: Runner, subcommand?: string): void {
  const sign = program.command('sign').description('make and check the signatures Mini LVB uses (push/play URLs, UserSig, callbacks, COS, Liteav-Sig)');
  const only = subcommand !== undefined && Object.hasOwn(SUBCOMMANDS, subcommand) ? subcommand : undefined;
  for (const [name, define] of Object.entries(SUBCOMMANDS)) if (only === undefined || name === only) define(sign, run);
}
