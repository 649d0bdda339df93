/** `sign usersig` (make v2 or legacy v1) and `sign decode` (decode, show, verify). */
import { createRequire } from 'node:module';
import { requireConfig, requireValues } from '../../../config/index.js';
import { EXIT, InputError } from '../../../errors.js';
import { parseDuration, showTime, type ShownTime } from '../../../sign/duration.js';
import { decodeUserSig, type DecodedUserSig } from '../../../sign/usersig-decode.js';
import { genUserSigV1 } from '../../../sign/usersig-v1.js';
import { DEFAULT_USERSIG_EXPIRE, genUserSigV2 } from '../../../sign/usersig-v2.js';
import { verifyUserSig, type UserSigFailure } from '../../../sign/usersig-verify.js';
import type { CommandContext } from '../../context.js';
import { result, type CommandResult } from '../../output/output.js';
import type { Style } from '../../output/style.js';
import { CONFIG_PATHS, type DecodeOpts, type UserSigOpts } from './paths.js';
import { clock, configWarnings } from './shared.js';

/** The part of npm tls-sig-api-v2 we call (it ships no types). */
interface TlsSigApiV2 {
  Api: new (sdkappid: number, key: string) => { genSig(userid: string, expire: number, userBuf: null): string };
}

function assertUserId(user: string): void {
  // IM identifiers: up to 32 bytes, no control characters or spaces.
  // eslint-disable-next-line no-control-regex
  if (user === '' || Buffer.byteLength(user) > 32 || /[\s\x00-\x1f\x7f]/.test(user)) {
    throw new InputError(
      `Invalid --user ${JSON.stringify(user)}: an IM user id is 1–32 bytes without spaces or control characters.`,
      { hint: 'Example: --user admin (the IM administrator) or --user jacqiu.' },
    );
  }
}

export async function signUserSig(ctx: CommandContext, opts: UserSigOpts): Promise<CommandResult> {
  assertUserId(opts.user);
  const expire = opts.expire === undefined ? DEFAULT_USERSIG_EXPIRE : parseDuration(opts.expire, '--expire');
  const now = clock(opts.now);
  const loaded = await ctx.loadConfig();
  const legacy = Boolean(opts.legacy) || loaded.config.credentials === 'legacy';
  let sig: string;
  if (legacy) {
    const [sdkAppId, accountType, privateKeyPem] = requireValues(loaded, [
      'im.sdkAppId',
      'im.accountType',
      'im.privateKey',
    ]);
    sig = genUserSigV1({ sdkAppId, accountType, privateKeyPem, userId: opts.user, expireSeconds: expire, now });
  } else {
    const [sdkAppId, secretKey] = requireValues(loaded, ['im.sdkAppId', 'im.secretKey']);
    if (opts.now === undefined) {
      // The reference library, as the issue asks; it reads the system clock itself.
      const lib = createRequire(import.meta.url)('tls-sig-api-v2') as TlsSigApiV2;
      sig = new lib.Api(sdkAppId, secretKey).genSig(opts.user, expire, null);
    } else {
      sig = genUserSigV2({ sdkAppId, secretKey, userId: opts.user, expireSeconds: expire, now });
    }
  }
  const d = decodeUserSig(sig);
  const data = {
    version: d.version,
    userId: d.identifier,
    sdkAppId: d.sdkAppId,
    expireSeconds: d.expireSeconds,
    issuedAt: showTime(d.issuedAt),
    expiresAt: showTime(d.expiresAt),
    userSig: sig,
  };
  return result(
    'sign.usersig',
    data,
    (x, s) =>
      [
        x.userSig,
        '',
        s.dim(
          `${x.version === 'v1' ? 'v1 (ECDSA, legacy)' : 'v2 (HMAC-SHA256)'} ` +
            `UserSig for ${x.userId} in SDKAppID ${x.sdkAppId}, valid ` +
            `${x.expireSeconds} s until ${x.expiresAt.iso} (${x.expiresAt.utc8}).`,
        ),
      ].join('\n'),
    { warnings: configWarnings(loaded, CONFIG_PATHS.usersig) },
  );
}

/** The verification part of `sign decode`. */
interface Verification {
  checked: boolean;
  ok: boolean | null;
  reason: UserSigFailure | null;
  imErrorCode: number | null;
  message: string;
}

async function readArg(ctx: CommandContext, arg: string | undefined): Promise<string> {
  if (arg !== '-') return arg ?? '';
  let text = '';
  for await (const chunk of ctx.io.stdin) text += String(chunk);
  return text.trim();
}

export async function signDecode(ctx: CommandContext, opts: DecodeOpts, args: string[]): Promise<CommandResult> {
  const sig = await readArg(ctx, args[0]);
  const now = clock(opts.now);
  const decoded = decodeUserSig(sig); // garbled input throws an InputError: exit 2
  const loaded = await ctx.loadConfig();
  requireConfig(loaded, [], ['im.sdkAppId', 'im.secretKey', 'im.publicKey']);
  const { im } = loaded.config;
  const expired = now > decoded.expiresAt;
  let verification: Verification;
  if (im.secretKey === undefined && im.publicKey === undefined) {
    verification = {
      checked: false,
      ok: null,
      reason: expired ? 'expired' : null,
      imErrorCode: expired ? 70001 : null,
      message: 'Not verified: configure im.secretKey (v2) or im.publicKey (v1) to check the signature.',
    };
  } else {
    const v = verifyUserSig(sig, {
      sdkAppId: im.sdkAppId ?? decoded.sdkAppId,
      now,
      ...(im.secretKey !== undefined ? { secretKey: im.secretKey } : {}),
      ...(im.publicKey !== undefined ? { publicKeyPem: im.publicKey } : {}),
      ...(opts.user !== undefined ? { userId: opts.user } : {}),
    });
    const noAppId = im.sdkAppId === undefined ? ' (SDKAppID not configured: not compared)' : '';
    verification = {
      checked: v.reason !== 'no-key',
      ok: v.reason === 'no-key' ? null : v.ok,
      reason: v.reason ?? null,
      imErrorCode: v.imErrorCode ?? null,
      message: v.message + noAppId,
    };
  }
  const failed = verification.ok === false || expired;
  const data = {
    version: decoded.version,
    identifier: decoded.identifier,
    sdkAppId: decoded.sdkAppId,
    expireSeconds: decoded.expireSeconds,
    issuedAt: showTime(decoded.issuedAt),
    expiresAt: showTime(decoded.expiresAt),
    now: showTime(now),
    expired,
    ...(decoded.version === 'v1'
      ? { accountType: decoded.accountType, libVersion: decoded.libVersion, appIdAt3rd: decoded.appIdAt3rd ?? null }
      : {}),
    fields: decoded.raw,
    verification,
  };
  return result('sign.decode', data, (d, s) => renderDecode(d, decoded, s), {
    exitCode: failed ? EXIT.failure : EXIT.ok,
    warnings: configWarnings(loaded, CONFIG_PATHS.decode),
  });
}

function renderDecode(
  d: {
    expired: boolean;
    issuedAt: ShownTime;
    expiresAt: ShownTime;
    now: ShownTime;
    verification: Verification;
    fields: Record<string, unknown>;
  },
  decoded: DecodedUserSig,
  s: Style,
): string {
  const lines = [s.bold(`UserSig ${decoded.version === 'v2' ? 'v2 (HMAC-SHA256)' : 'v1 (ECDSA, legacy)'}`)];
  const width = Math.max(...Object.keys(d.fields).map((k) => k.length));
  for (const [k, v] of Object.entries(d.fields))
    lines.push(`  ${k.padEnd(width)}  ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const left = d.expiresAt.unix - d.now.unix;
  lines.push(
    '',
    `  Issued   ${d.issuedAt.iso}  (${d.issuedAt.utc8})`,
    `  Expires  ${d.expiresAt.iso}  (${d.expiresAt.utc8})`,
    d.expired ? s.red(`  Expired  yes, ${-left} s ago`) : s.green(`  Expired  no, ${left} s left`),
    '',
  );
  const v = d.verification;
  if (v.ok === true) lines.push(s.green(`✓ ${v.message}`));
  else if (v.ok === false)
    lines.push(s.red(`✗ ${v.message}`), `  The app would see IM error ${v.imErrorCode ?? '?'} (${v.reason}).`);
  else lines.push(s.yellow(`! ${v.message}`) + (d.expired ? `\n  The app would see IM error 70001 (expired).` : ''));
  return lines.join('\n');
}
