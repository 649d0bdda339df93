/**
 * `minilvb sign`: signed push/play URLs, UserSigs (make, decode, verify), callback, COS and
 * Liteav-Sig signatures. Each subcommand's handler is imported only when it runs, so
 * `minilvb sign push` loads nothing but the anti-leech signer.
 */
import type { Command } from 'commander';
import { defineCommand, type Runner } from '../run.js';
import {
  CALLBACK_OPTIONS,
  CONFIG_PATHS,
  COS_OPTIONS,
  DECODE_OPTIONS,
  LITEAV_OPTIONS,
  PLAY_OPTIONS,
  PUSH_OPTIONS,
  USERSIG_OPTIONS,
} from './sign/paths.js';

const ex = (lines: string[]): string => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;

/**
 * The subcommands, each defined by one function. `minilvb sign push` defines only `push`: building
 * ~40 commander options costs about a millisecond of a benchmarked start (`npm run bench`).
 */
/** The request body of the Liteav-Sig example (app-protocol's sample get_vod_list body). */
const LITEAV_EXAMPLE_BODY = '{"userid":"jacqiu","timestamp":1512890037,"expires":10,"index":0,"count":20}';

const SUBCOMMANDS: Readonly<Record<string, (sign: Command, run: Runner) => void>> = {
  push: (sign, run) => {
    const cmd = sign
      .command('push')
      .description('a signed push URL (txSecret/txTime), the OBS server + stream key, and an ffmpeg command')
      .addHelpText(
        'after',
        ex([
          'minilvb sign push --stream demo',
          'minilvb sign push --stream demo --expires 2h --json',
          'minilvb sign push --stream test --push-domain livepush.tcloud.com --push-key <key> --tx-time 5C271099',
          'minilvb sign push --stream jacqiu --bizid 8888 --push-key <key>      # ' +
            'legacy {bizid}.livepush.myqcloud.com form',
        ]),
      );
    defineCommand(cmd, run, { config: CONFIG_PATHS.push, options: PUSH_OPTIONS }, async (ctx, opts) =>
      (await import('./sign/push-play.js')).signPush(ctx, opts),
    );
  },
  play: (sign, run) => {
    const cmd = sign
      .command('play')
      .description('rtmp, flv, hls and webrtc play URLs, signed when a play key is configured')
      .addHelpText(
        'after',
        ex(['minilvb sign play --stream demo', 'minilvb sign play --stream demo --play-key <key> --expires 1h --json']),
      );
    defineCommand(cmd, run, { config: CONFIG_PATHS.play, options: PLAY_OPTIONS }, async (ctx, opts) =>
      (await import('./sign/push-play.js')).signPlay(ctx, opts),
    );
  },
  usersig: (sign, run) => {
    const cmd = sign
      .command('usersig')
      .description('an IM UserSig: v2 (HMAC, tls-sig-api-v2) or, with --legacy, v1 (ECDSA) from the private key')
      .addHelpText(
        'after',
        ex([
          'minilvb sign usersig --user admin',
          'minilvb sign usersig --user jacqiu --expire 7d --json',
          'minilvb sign usersig --user admin --legacy --im-private-key-file private_key',
        ]),
      );
    defineCommand(cmd, run, { config: CONFIG_PATHS.usersig, options: USERSIG_OPTIONS }, async (ctx, opts) =>
      (await import('./sign/usersig.js')).signUserSig(ctx, opts),
    );
  },
  decode: (sign, run) => {
    const cmd = sign
      .command('decode')
      .description('decode a v1 or v2 UserSig, show every field and expiry, and verify it when the key is configured')
      .argument('<usersig>', 'the UserSig, or - to read it from stdin')
      .addHelpText(
        'after',
        `${ex(['minilvb sign decode eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS8...', 'pbpaste | minilvb sign decode - --json'])}

  Exit codes: 0 valid (or decoded, no key to verify with), 1 expired or verification failed
  (the reason and the IM error code the app would see: 70001, 70003, 70009, 70013, 70014), 2 garbled input.`,
      );
    defineCommand(cmd, run, { config: CONFIG_PATHS.decode, options: DECODE_OPTIONS }, async (ctx, opts, args) =>
      (await import('./sign/usersig.js')).signDecode(ctx, opts, args),
    );
  },
  callback: (sign, run) => {
    const cmd = sign
      .command('callback')
      .description('the callback sign md5(key + t), or with --event a complete signed sample payload and curl command')
      .addHelpText(
        'after',
        ex([
          'minilvb sign callback',
          'minilvb sign callback --t 1545030873 --api-key <key>',
          'minilvb sign callback --event 100 --stream jacqiu --json',
        ]),
      );
    defineCommand(cmd, run, { config: CONFIG_PATHS.callback, options: CALLBACK_OPTIONS }, async (ctx, opts) =>
      (await import('./sign/callback.js')).signCallback(ctx, opts),
    );
  },
  cos: (sign, run) => {
    const cmd = sign
      .command('cos')
      .description('the signKey/keyTime /get_cos_sign returns; with --method and --path a full COS Authorization')
      .addHelpText(
        'after',
        ex([
          'minilvb sign cos',
          'minilvb sign cos --method PUT --path /jacqiu/1700000000000 -H "Content-Type: image/jpeg" --expires 15m',
        ]),
      );
    defineCommand(cmd, run, { config: CONFIG_PATHS.cos, options: COS_OPTIONS }, async (ctx, opts) =>
      (await import('./sign/cos-liteav.js')).signCos(ctx, opts),
    );
  },
  liteav: (sign, run) => {
    const cmd = sign
      .command('liteav')
      .description('the Liteav-Sig header md5(token + md5(body)) for an app request body')
      .addHelpText('after', ex([`minilvb sign liteav --token 123456789 --body '${LITEAV_EXAMPLE_BODY}'`]));
    defineCommand(cmd, run, { options: LITEAV_OPTIONS }, async (ctx, opts) =>
      (await import('./sign/cos-liteav.js')).signLiteav(ctx, opts),
    );
  },
};

/** Registers `sign` and its subcommands; `subcommand` (the word after `sign`) narrows them to that one. */
export function register(program: Command, run: Runner, subcommand?: string): void {
  const sign = program
    .command('sign')
    .description('make and check the signatures Mini LVB uses (push/play URLs, UserSig, callbacks, COS, Liteav-Sig)');
  const only = subcommand !== undefined && Object.hasOwn(SUBCOMMANDS, subcommand) ? subcommand : undefined;
  for (const [name, define] of Object.entries(SUBCOMMANDS)) if (only === undefined || name === only) define(sign, run);
}
