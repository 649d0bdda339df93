/** What each `sign` subcommand accepts: the config fields it reads (also its flags) and its own options. */
import { defineOptions, type HandlerArgs } from '../../options.js';

export const CONFIG_PATHS = {
  push: ['lvb.pushDomain', 'lvb.bizId', 'lvb.pushKey', 'lvb.pushKeyBackup'],
  play: ['lvb.playDomain', 'lvb.bizId', 'lvb.playKey', 'lvb.pushKey'],
  usersig: ['credentials', 'im.sdkAppId', 'im.secretKey', 'im.accountType', 'im.privateKeyFile', 'im.privateKey'],
  decode: ['im.sdkAppId', 'im.secretKey', 'im.publicKeyFile', 'im.publicKey'],
  callback: ['lvb.apiKey', 'lvb.appId', 'lvb.bizId', 'lvb.pushDomain', 'server.publicUrl', 'server.streamUserRule'],
  cos: ['cos.secretId', 'cos.secretKey', 'cos.appId', 'cos.bucket', 'cos.region', 'cos.expiredTime'],
} as const satisfies Record<string, readonly string[]>;

export const PUSH_OPTIONS = defineOptions({
  stream: {
    flags: '-s, --stream <id>',
    description: 'stream id (legacy bizid setups: the user id; the {bizid}_ prefix is added)',
    required: true,
  },
  expires: { flags: '-e, --expires <duration>', description: 'validity from now: 3600, 90m, 2h, 7d (default 24h)' },
  txTime: {
    flags: '--tx-time <unix|hex>',
    description: 'exact expiry instead of --expires: Unix seconds (1546064025) or hex (5C271099)',
  },
  scheme: { flags: '--scheme <scheme>', description: 'rtmp or webrtc (own push domains only)', default: 'rtmp' },
  backup: { flags: '--backup', description: 'sign with the backup push key (lvb.pushKeyBackup)' },
});
export type PushOpts = HandlerArgs<typeof PUSH_OPTIONS>;

export const PLAY_OPTIONS = defineOptions({
  stream: { flags: '-s, --stream <id>', description: 'stream id', required: true },
  expires: { flags: '-e, --expires <duration>', description: 'validity of signed URLs from now (default 24h)' },
  txTime: { flags: '--tx-time <unix|hex>', description: 'exact expiry instead of --expires' },
});
export type PlayOpts = HandlerArgs<typeof PLAY_OPTIONS>;

export const USERSIG_OPTIONS = defineOptions({
  user: { flags: '-u, --user <id>', description: 'IM user id (identifier)', required: true },
  expire: { flags: '--expire <duration>', description: 'validity: 3600, 7d, 180d (default 180d, as /login)' },
  legacy: {
    flags: '--legacy',
    description: 'make a v1 ECDSA UserSig from im.privateKey and im.accountType (default when credentials is "legacy")',
  },
  now: { flags: '--now <unix>', description: 'issue time instead of the system clock (Unix seconds)' },
});
export type UserSigOpts = HandlerArgs<typeof USERSIG_OPTIONS>;

export const DECODE_OPTIONS = defineOptions({
  user: { flags: '-u, --user <id>', description: 'also check that the UserSig belongs to this user' },
  now: { flags: '--now <unix>', description: 'judge expiry at this time instead of the system clock' },
});
export type DecodeOpts = HandlerArgs<typeof DECODE_OPTIONS>;

export const CALLBACK_OPTIONS = defineOptions({
  t: { flags: '-t, --t <unix>', description: 'expiry t of the notification (default now + 600, as Tencent sends)' },
  event: {
    flags: '--event <type>',
    description: 'sample payload for event 0 (stream end), 1 (start), 100 (recording) or 200 (screenshot)',
  },
  stream: {
    flags: '-s, --stream <id>',
    description: 'stream id for the sample payload (legacy: {bizid}_ is prefixed)',
  },
  format: {
    flags: '--format <format>',
    description: 'file_format of an event-100 sample: mp4, hls or flv',
    default: 'mp4',
  },
  url: {
    flags: '--url <url>',
    description: 'callback URL for the curl command (default {server.publicUrl}/callback/tape_callback.php)',
  },
});
export type CallbackOpts = HandlerArgs<typeof CALLBACK_OPTIONS>;

export const COS_OPTIONS = defineOptions({
  method: { flags: '--method <method>', description: 'HTTP method of the COS request (PUT, GET, POST, HEAD, DELETE)' },
  path: {
    flags: '--path <path>',
    description: 'object path of the request, e.g. /jacqiu/1700000000000 (a ?query is signed too)',
  },
  header: {
    flags: '-H, --header <name:value>',
    description: 'extra header to sign (repeatable); host is always signed',
    repeat: true,
  },
  expires: { flags: '-e, --expires <duration>', description: 'key lifetime (default cos.expiredTime, 30 s)' },
  now: { flags: '--now <unix>', description: 'start of the key time instead of the system clock' },
});
export type CosOpts = HandlerArgs<typeof COS_OPTIONS>;

export const LITEAV_OPTIONS = defineOptions({
  token: { flags: '--token <token>', description: 'the session token from /login or /refresh', required: true },
  body: { flags: '--body <json>', description: 'the exact request body, or - to read it from stdin', required: true },
});
export type LiteavOpts = HandlerArgs<typeof LITEAV_OPTIONS>;
