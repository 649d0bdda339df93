/** LVB event-callback sign (docs/signing.md#callback-sign, docs/callbacks.md#validation): md5(key + String(t)). */
import { InputError } from '../errors.js';
import { md5Hex, safeEqualHex } from './digest.js';

/** t rendered the way the hash needs it: decimal, no exponent or fraction. */
function tString(t: number | string): string {
  const s = typeof t === 'number' ? (Number.isSafeInteger(t) ? t.toFixed(0) : '') : t;
  if (!/^\d{1,15}$/.test(s))
    throw new InputError(`Callback t must be an integer of Unix seconds, got ${JSON.stringify(t)}`);
  return s;
}

export function callbackSign(key: string, t: number | string): string {
  return md5Hex(key + tString(t));
}

/** True when `sign` is 32 hex characters equal (case-insensitively, in constant time) to md5(key + t). */
export function verifyCallbackSign(key: string, t: number | string, sign: unknown): boolean {
  if (typeof sign !== 'string' || !/^[0-9a-fA-F]{32}$/.test(sign)) return false;
  let expected: string;
  try {
    expected = callbackSign(key, t);
  } catch {
    return false;
  }
  return safeEqualHex(expected, sign);
}
