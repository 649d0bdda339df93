/** Decodes a UserSig of either version into its fields (docs/signing.md#telling-v1-from-v2), without verifying it. */
import { UserSigDecodeError, unwrapUserSig } from './usersig-wrap.js';

interface DecodedCommon {
  identifier: string;
  sdkAppId: number;
  /** Issue time, Unix seconds. */
  issuedAt: number;
  /** Validity, seconds. */
  expireSeconds: number;
  /** issuedAt + expireSeconds: the last second the UserSig is valid. */
  expiresAt: number;
  /** Base64 userbuf when present. */
  userBuf?: string;
  /** TLS.sig as stored (base64). */
  sig: string;
  /** The decoded JSON document, every field as it was. */
  raw: Record<string, unknown>;
}

/** A decoded v2 (HMAC-SHA256) UserSig. */
export interface DecodedUserSigV2 extends DecodedCommon {
  version: 'v2';
}

/** A decoded v1 (ECDSA) UserSig. */
export interface DecodedUserSigV1 extends DecodedCommon {
  version: 'v1';
  accountType: string;
  appIdAt3rd?: string;
  /** TLS.version, e.g. 201610110000. */
  libVersion: string;
}

/** A decoded UserSig, discriminated by version. */
export type DecodedUserSig = DecodedUserSigV2 | DecodedUserSigV1;

function intField(doc: Record<string, unknown>, key: string, missing: string[]): number {
  const v = doc[key];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  missing.push(key);
  return 0;
}

function strField(doc: Record<string, unknown>, key: string, missing: string[]): string {
  const v = doc[key];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  missing.push(key);
  return '';
}

function fail(missing: string[], version: string): never {
  throw new UserSigDecodeError(
    'fields',
    `The decoded ${version} UserSig lacks or has ill-typed field` +
      `${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`,
  );
}

/** Decodes v1 or v2; throws UserSigDecodeError (an InputError) naming the failing step. */
export function decodeUserSig(sig: string): DecodedUserSig {
  const doc = unwrapUserSig(sig);
  const missing: string[] = [];
  const userBuf = typeof doc['TLS.userbuf'] === 'string' ? { userBuf: doc['TLS.userbuf'] } : {};
  if ('TLS.ver' in doc) {
    const identifier = strField(doc, 'TLS.identifier', missing);
    const sdkAppId = intField(doc, 'TLS.sdkappid', missing);
    const issuedAt = intField(doc, 'TLS.time', missing);
    const expireSeconds = intField(doc, 'TLS.expire', missing);
    const s = strField(doc, 'TLS.sig', missing);
    if (missing.length > 0) fail(missing, 'v2');
    return {
      version: 'v2',
      identifier,
      sdkAppId,
      issuedAt,
      expireSeconds,
      expiresAt: issuedAt + expireSeconds,
      sig: s,
      raw: doc,
      ...userBuf,
    };
  }
  if ('TLS.version' in doc || 'TLS.expire_after' in doc || 'TLS.account_type' in doc) {
    const accountType = strField(doc, 'TLS.account_type', missing);
    const identifier = strField(doc, 'TLS.identifier', missing);
    const sdkAppId = intField(doc, 'TLS.sdk_appid', missing);
    const issuedAt = intField(doc, 'TLS.time', missing);
    const expireSeconds = intField(doc, 'TLS.expire_after', missing);
    const libVersion = typeof doc['TLS.version'] === 'string' ? doc['TLS.version'] : '';
    const s = strField(doc, 'TLS.sig', missing);
    if (missing.length > 0) fail(missing, 'v1');
    const at3rd = doc['TLS.appid_at_3rd'];
    return {
      version: 'v1',
      accountType,
      identifier,
      sdkAppId,
      issuedAt,
      expireSeconds,
      expiresAt: issuedAt + expireSeconds,
      libVersion,
      sig: s,
      raw: doc,
      ...(at3rd === undefined ? {} : { appIdAt3rd: String(at3rd) }),
      ...userBuf,
    };
  }
  throw new UserSigDecodeError(
    'fields',
    'The decoded JSON has neither TLS.ver (v2) nor TLS.version/TLS.expire_after (v1): it is not a UserSig.',
  );
}
