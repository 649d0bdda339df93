/**
 * COS XML API (v5) request signature (docs/signing.md#cos-request-signature) and the server half that /get_cos_sign
 * returns (docs/signing.md#get_cos_sign). cosAuthorization works from the SecretKey or, like the app's COS SDK, from a
 * signKey handed out by /get_cos_sign.
 */
import { InputError } from '../errors.js';
import { hmacHex, safeEqualHex, sha1Hex } from './digest.js';

/** `{start};{end}` in Unix seconds. */
export function cosKeyTime(now: number, ttlSeconds: number): string {
  if (!Number.isSafeInteger(now) || !Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new InputError(
      `COS key time needs integer seconds and a positive lifetime, got now=${now} ttl=${ttlSeconds}`,
    );
  return `${now};${now + ttlSeconds}`;
}

/** hex(HMAC-SHA1(SecretKey, keyTime)): what /get_cos_sign returns as signKey. */
export function cosSignKey(secretKey: string, keyTime: string): string {
  return hmacHex('sha1', secretKey, keyTime);
}

/** encodeURIComponent plus `!'()*`, as COS requires. */
export function cosUrlEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Headers the COS SDK signs (others, like Date, may be signed when the caller passes them). */
export function cosSdkSignsHeader(name: string): boolean {
  const n = name.toLowerCase();
  return (
    n === 'host' ||
    n === 'expect' ||
    n === 'expires' ||
    n === 'origin' ||
    n === 'range' ||
    n === 'transfer-encoding' ||
    n === 'pic-operations' ||
    n.startsWith('content-') ||
    n.startsWith('if-') ||
    n.startsWith('x-cos-') ||
    n.startsWith('x-ci-')
  );
}

/** Query parameters or headers: a record, or pairs (a parameter without value has value ''). */
export type CosPairs = Record<string, string | number | undefined> | ReadonlyArray<readonly [string, string]>;

function canon(pairs: CosPairs | undefined): { list: string; string: string } {
  const entries: Array<[string, string]> = [];
  const src = Array.isArray(pairs) ? pairs : Object.entries(pairs ?? {});
  for (const [k, v] of src as Iterable<readonly [string, unknown]>) {
    if (v === undefined) continue;
    entries.push([cosUrlEncode(k).toLowerCase(), cosUrlEncode(String(v))]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { list: entries.map((e) => e[0]).join(';'), string: entries.map(([k, v]) => `${k}=${v}`).join('&') };
}

/** Inputs of cosAuthorization: secretKey or signKey (from /get_cos_sign) must be given. */
export interface CosAuthInput {
  secretId: string;
  secretKey?: string;
  signKey?: string;
  keyTime: string;
  method: string;
  /** The request path, not URL-encoded (e.g. `/exampleobject(腾讯云)`). */
  pathname: string;
  query?: CosPairs;
  /** Every header given here is signed; pass only what should be signed. */
  headers?: CosPairs;
}

/** The Authorization value and its intermediate values (for tests, emulators and `sign cos`). */
export interface CosAuth {
  authorization: string;
  signKey: string;
  headerList: string;
  urlParamList: string;
  httpString: string;
  httpStringSha1: string;
  stringToSign: string;
  signature: string;
}

export function cosAuthorization(input: CosAuthInput): CosAuth {
  const signKey =
    input.signKey ?? (input.secretKey !== undefined ? cosSignKey(input.secretKey, input.keyTime) : undefined);
  if (signKey === undefined)
    throw new InputError('A COS signature needs the SecretKey or a signKey from /get_cos_sign.');
  const params = canon(input.query);
  const headers = canon(input.headers);
  const httpString = `${input.method.toLowerCase()}\n${input.pathname}\n${params.string}\n${headers.string}\n`;
  const httpStringSha1 = sha1Hex(httpString);
  const stringToSign = `sha1\n${input.keyTime}\n${httpStringSha1}\n`;
  const signature = hmacHex('sha1', signKey, stringToSign);
  const authorization =
    `q-sign-algorithm=sha1&q-ak=${input.secretId}&q-sign-time=${input.keyTime}&q-key-time=${input.keyTime}` +
    `&q-header-list=${headers.list}&q-url-param-list=${params.list}&q-signature=${signature}`;
  return {
    authorization,
    signKey,
    headerList: headers.list,
    urlParamList: params.list,
    httpString,
    httpStringSha1,
    stringToSign,
    signature,
  };
}

/** A parsed `q-sign-algorithm=…` Authorization. */
export interface ParsedCosAuthorization {
  algorithm: string;
  secretId: string;
  signTime: string;
  keyTime: string;
  headerList: string[];
  urlParamList: string[];
  signature: string;
}

/** Parses an Authorization header (or the same pairs from a query string); throws InputError when incomplete. */
export function parseCosAuthorization(header: string): ParsedCosAuthorization {
  const map = new Map<string, string>();
  for (const part of header.trim().split('&')) {
    const i = part.indexOf('=');
    if (i > 0) map.set(part.slice(0, i), part.slice(i + 1));
  }
  const need = [
    'q-sign-algorithm',
    'q-ak',
    'q-sign-time',
    'q-key-time',
    'q-header-list',
    'q-url-param-list',
    'q-signature',
  ];
  const missing = need.filter((k) => !map.has(k));
  if (missing.length > 0) throw new InputError(`COS Authorization lacks ${missing.join(', ')}.`);
  const list = (k: string): string[] => (map.get(k) as string).split(';').filter((s) => s !== '');
  return {
    algorithm: map.get('q-sign-algorithm') as string,
    secretId: map.get('q-ak') as string,
    signTime: map.get('q-sign-time') as string,
    keyTime: map.get('q-key-time') as string,
    headerList: list('q-header-list'),
    urlParamList: list('q-url-param-list'),
    signature: map.get('q-signature') as string,
  };
}

/** A request as a COS emulator sees it, to check its Authorization. */
export interface CosVerifyInput {
  authorization: string;
  secretKey: string;
  method: string;
  pathname: string;
  /** Decoded query pairs of the request. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Request headers (any case). */
  headers: Record<string, string | string[] | undefined>;
  now?: number;
}

/** Why a COS signature was rejected, in COS's own error code terms. */
export type CosVerifyResult =
  | { ok: true; secretId: string }
  | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'RequestTimeTooSkewed'; message: string };

/** Recomputes the signature over exactly the headers and parameters the Authorization lists. */
export function verifyCosAuthorization(input: CosVerifyInput): CosVerifyResult {
  let parsed: ParsedCosAuthorization;
  try {
    parsed = parseCosAuthorization(input.authorization);
  } catch (err) {
    return { ok: false, code: 'AccessDenied', message: err instanceof Error ? err.message : String(err) };
  }
  if (parsed.algorithm !== 'sha1')
    return { ok: false, code: 'AccessDenied', message: `unsupported q-sign-algorithm ${parsed.algorithm}` };
  const [start, end] = parsed.keyTime.split(';').map(Number);
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (start === undefined || end === undefined || !Number.isFinite(start) || !Number.isFinite(end))
    return { ok: false, code: 'AccessDenied', message: 'malformed q-key-time' };
  if (now < start || now > end)
    return {
      ok: false,
      code: 'RequestTimeTooSkewed',
      message: `Request has expired or is not yet valid (key time ${parsed.keyTime}, now ${now})`,
    };
  const lowerHeaders = new Map<string, string>();
  for (const [k, v] of Object.entries(input.headers))
    if (v !== undefined) lowerHeaders.set(k.toLowerCase(), Array.isArray(v) ? v.join(',') : v);
  const headers: Array<[string, string]> = parsed.headerList.map((h) => [h, lowerHeaders.get(h) ?? '']);
  const wanted = new Set(parsed.urlParamList);
  const query = input.query.filter(([k]) => wanted.has(cosUrlEncode(k).toLowerCase())).map(([k, v]) => [k, v] as const);
  const expected = cosAuthorization({
    secretId: parsed.secretId,
    secretKey: input.secretKey,
    keyTime: parsed.keyTime,
    method: input.method,
    pathname: input.pathname,
    query,
    headers,
  });
  if (!safeEqualHex(expected.signature, parsed.signature))
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided.',
    };
  return { ok: true, secretId: parsed.secretId };
}
