/** Small hashing helpers shared by the signers: lowercase hex digests and constant-time string compare. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { md5HexJs } from './md5.js';

/** Up to this size md5 runs in JS (no node:crypto load, see md5.ts); above it OpenSSL is faster. */
const JS_MD5_MAX_BYTES = 4096;

/** md5 of the UTF-8 bytes (or raw bytes), lowercase hex. */
export function md5Hex(data: string | Buffer): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return bytes.length <= JS_MD5_MAX_BYTES ? md5HexJs(bytes) : createHash('md5').update(bytes).digest('hex');
}

export function sha1Hex(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacHex(algorithm: 'sha1' | 'sha256', key: string | Buffer, data: string | Buffer): string {
  return createHmac(algorithm, key).update(data).digest('hex');
}

export function hmacRaw(algorithm: 'sha1' | 'sha256', key: string | Buffer, data: string | Buffer): Buffer {
  return createHmac(algorithm, key).update(data).digest();
}

/**
 * Constant-time equality of two strings. Lengths are compared first (their length is not secret:
 * every signature of one kind has the same length), then the bytes with timingSafeEqual.
 */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) return false;
  return timingSafeEqual(ab, bb);
}

/** Constant-time compare of a received hex signature with the expected lowercase one, ignoring case. */
export function safeEqualHex(expectedLower: string, received: string): boolean {
  if (!/^[0-9a-fA-F]*$/.test(received)) return false;
  return safeEqual(expectedLower, received.toLowerCase());
}
