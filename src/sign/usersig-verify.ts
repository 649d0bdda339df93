/**
 * Verifies a UserSig the way the IM backend does and names the error code the app would see
 * (docs/cloud-apis.md#im-error-codes): 70001 expired, 70003 garbled, 70009 wrong key, 70013 other user,
 * 70014 other app.
 */
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { safeEqual } from './digest.js';
import { decodeUserSig, type DecodedUserSig } from './usersig-decode.js';
import { v1Content } from './usersig-v1.js';
import { v2Content, v2Hmac } from './usersig-v2.js';
import { UserSigDecodeError } from './usersig-wrap.js';

/** Why a UserSig failed verification. */
export type UserSigFailure =
  'expired' | 'sdkappid-mismatch' | 'identifier-mismatch' | 'bad-signature' | 'garbled' | 'wrong-version' | 'no-key';

/** The IM error code each failure produces at the IM backend (none for local-only conditions). */
export const USERSIG_IM_CODES: Readonly<Record<UserSigFailure, number | undefined>> = {
  expired: 70001,
  garbled: 70003,
  'bad-signature': 70009,
  'wrong-version': 70009,
  'identifier-mismatch': 70013,
  'sdkappid-mismatch': 70014,
  'no-key': undefined,
};

/** What to check the UserSig against. */
export interface VerifyUserSigOptions {
  sdkAppId: number;
  /** v2 key (IM SecretKey). */
  secretKey?: string;
  /** v1 key (IM public key PEM). */
  publicKeyPem?: string;
  /** When given, TLS.identifier must equal it. */
  userId?: string;
  now?: number;
}

/** The verdict; `decoded` is present whenever the string could be decoded. */
export interface UserSigVerdict {
  ok: boolean;
  reason?: UserSigFailure;
  imErrorCode?: number;
  message: string;
  decoded?: DecodedUserSig;
}

function failed(reason: UserSigFailure, message: string, decoded?: DecodedUserSig): UserSigVerdict {
  const code = USERSIG_IM_CODES[reason];
  return {
    ok: false,
    reason,
    ...(code === undefined ? {} : { imErrorCode: code }),
    message,
    ...(decoded ? { decoded } : {}),
  };
}

function v2SignatureOk(d: DecodedUserSig, secretKey: string): boolean {
  const raw = d.raw;
  const content = v2Content({
    identifier: String(raw['TLS.identifier']),
    sdkappid: String(raw['TLS.sdkappid']),
    time: String(raw['TLS.time']),
    expire: String(raw['TLS.expire']),
    ...(typeof raw['TLS.userbuf'] === 'string' ? { userbuf: raw['TLS.userbuf'] } : {}),
  });
  return safeEqual(v2Hmac(secretKey, content), d.sig);
}

function v1SignatureOk(d: DecodedUserSig, publicKeyPem: string): boolean | 'bad-key' {
  let key;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return 'bad-key';
  }
  try {
    // ECDSA verification has no secret to leak through timing: the public key is public.
    return verifySignature('sha256', Buffer.from(v1Content(d.raw), 'utf8'), key, Buffer.from(d.sig, 'base64'));
  } catch {
    return false;
  }
}

export function verifyUserSig(sig: string, opts: VerifyUserSigOptions): UserSigVerdict {
  let d: DecodedUserSig;
  try {
    d = decodeUserSig(sig);
  } catch (err) {
    if (err instanceof UserSigDecodeError)
      return failed('garbled', `The UserSig cannot be parsed (${err.step} step): ${err.message}`);
    throw err;
  }
  if (d.sdkAppId !== opts.sdkAppId)
    return failed('sdkappid-mismatch', `The UserSig was made for SDKAppID ${d.sdkAppId}, not ${opts.sdkAppId}.`, d);
  if (d.version === 'v2') {
    if (opts.secretKey === undefined) {
      return opts.publicKeyPem === undefined
        ? failed(
            'no-key',
            'Cannot verify: no IM secret key is configured (a v2 UserSig is checked with im.secretKey).',
            d,
          )
        : failed(
            'wrong-version',
            'This is a v2 (HMAC) UserSig, but only a legacy v1 public key is ' +
              'configured: an app configured for ECDSA rejects it.',
            d,
          );
    }
    if (!v2SignatureOk(d, opts.secretKey))
      return failed(
        'bad-signature',
        'The HMAC does not match: the UserSig was signed with another secret key (or was altered).',
        d,
      );
  } else {
    if (opts.publicKeyPem === undefined) {
      return opts.secretKey === undefined
        ? failed(
            'no-key',
            'Cannot verify: no IM public key is configured (a v1 UserSig is checked with im.publicKey).',
            d,
          )
        : failed(
            'wrong-version',
            'This is a legacy v1 (ECDSA) UserSig, but only a v2 secret key is ' +
              'configured: an app using HMAC keys rejects it.',
            d,
          );
    }
    const ok = v1SignatureOk(d, opts.publicKeyPem);
    if (ok === 'bad-key')
      return failed('no-key', 'Cannot verify: the configured IM public key is not a readable PEM public key.', d);
    if (!ok)
      return failed(
        'bad-signature',
        'The ECDSA signature does not verify: the UserSig was signed with another private key (or was altered).',
        d,
      );
  }
  if (opts.userId !== undefined && d.identifier !== opts.userId)
    return failed(
      'identifier-mismatch',
      `The UserSig belongs to user ${JSON.stringify(d.identifier)}, not ${JSON.stringify(opts.userId)}.`,
      d,
    );
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (now > d.expiresAt)
    return failed(
      'expired',
      `The UserSig expired at ` +
        `${new Date(d.expiresAt * 1000).toISOString().replace('.000Z', 'Z')} (` +
        `${now - d.expiresAt} s ago).`,
      d,
    );
  return {
    ok: true,
    message:
      `Valid ${d.version} UserSig for ${d.identifier} until ` +
      `${new Date(d.expiresAt * 1000).toISOString().replace('.000Z', 'Z')}.`,
    decoded: d,
  };
}
