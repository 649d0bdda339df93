/** Signatures between the app and the business server (docs/signing.md#liteav-sig-and-the-password-hash). */
import { hmacRaw, md5Hex, safeEqualHex } from './digest.js';

/** Liteav-Sig = md5(token + md5(rawBody)), over the exact bytes sent. */
export function liteavSig(token: string, rawBody: string | Buffer): string {
  return md5Hex(token + md5Hex(rawBody));
}

/** Constant-time, case-insensitive check of a received Liteav-Sig header. */
export function verifyLiteavSig(token: string, rawBody: string | Buffer, header: string | undefined): boolean {
  if (typeof header !== 'string' || !/^[0-9a-fA-F]{32}$/.test(header)) return false;
  return safeEqualHex(liteavSig(token, rawBody), header);
}

/** The password the apps send: md5(md5(plain) + userid). */
export function clientPasswordHash(plain: string, userId: string): string {
  return md5Hex(md5Hex(plain) + userId);
}

/** /get_roomservice_sign: md5(API_KEY + String(txTime) + userID), txTime decimal. */
export function roomServiceSign(apiKey: string, txTime: number, userId: string): string {
  return md5Hex(apiKey + String(txTime) + userId);
}

/** PHP urlencode (http_build_query): like encodeURIComponent, plus `!'()*~` escaped and space as `+`. */
function phpUrlencode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Inputs of vodUploadSignature (legacy /get_vod_sign). */
export interface VodSignInput {
  secretId: string;
  secretKey: string;
  now: number;
  random: number;
  expireSeconds?: number;
  procedure?: string;
}

/**
 * base64(HMAC-SHA1(SecretKey, Original) ‖ Original), Original = http_build_query(secretId, currentTimeStamp,
 * expireTime, procedure, random).
 */
export function vodUploadSignature(input: VodSignInput): string {
  const pairs: Array<[string, string]> = [
    ['secretId', input.secretId],
    ['currentTimeStamp', String(input.now)],
    ['expireTime', String(input.now + (input.expireSeconds ?? 86400))],
    ['procedure', input.procedure ?? 'XIAOZHIBO-DEFAULT'],
    ['random', String(input.random)],
  ];
  const original = pairs.map(([k, v]) => `${phpUrlencode(k)}=${phpUrlencode(v)}`).join('&');
  return Buffer.concat([hmacRaw('sha1', input.secretKey, original), Buffer.from(original, 'utf8')]).toString('base64');
}
