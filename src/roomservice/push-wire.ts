/**
 * The authenticated channel of `minilvb roomservice push|show` (docs/roomservice.md#minilvb-roomservice-push):
 * every admin request carries `txTime` (hex Unix expiry, at most 600 s ahead), a random `nonce` and
 * `sign = hex(HMAC-SHA256(adminToken, txTime + "\n" + nonce + "\n" + name + "\n" + config))`. The token itself
 * never crosses the wire; a replayed (same nonce) or expired request is refused. Only loopback or HTTPS.
 */
import { randomBytes } from 'node:crypto';
import { hmacHex, safeEqual } from '../sign/digest.js';

/** How far ahead txTime may lie, seconds. */
export const MAX_TX_AHEAD = 600;

/** The signed fields of one admin request. */
export interface SignedFields {
  txTime: string;
  nonce: string;
  sign: string;
}

export function adminSign(token: string, name: string, txTime: string, nonce: string, payload: string): string {
  return hmacHex('sha256', token, `${txTime}\n${nonce}\n${name}\n${payload}`);
}

/** Fresh signed fields for a request made now. */
export function signAdminRequest(token: string, name: string, payload: string, nowSec: number): SignedFields {
  const txTime = (nowSec + 300).toString(16).toUpperCase();
  const nonce = randomBytes(16).toString('hex');
  return { txTime, nonce, sign: adminSign(token, name, txTime, nonce, payload) };
}

/** Why a signed request is refused, or undefined when it is good (the caller records the nonce). */
export function checkAdminSign(
  token: string,
  name: string,
  f: Partial<SignedFields>,
  payload: string,
  nowSec: number,
): string | undefined {
  if (!f.txTime || !f.nonce || !f.sign) return 'txTime, nonce and sign are required';
  if (!/^[0-9A-Fa-f]{1,12}$/.test(f.txTime) || !/^[0-9a-f]{32}$/.test(f.nonce) || !/^[0-9a-f]{64}$/.test(f.sign))
    return 'txTime, nonce or sign is malformed';
  if (!safeEqual(adminSign(token, name, f.txTime, f.nonce, payload), f.sign))
    return 'sign does not match the admin token';
  const t = parseInt(f.txTime, 16);
  if (t < nowSec) return 'txTime has passed (replayed or delayed request, or clock skew)';
  if (t > nowSec + MAX_TX_AHEAD) return `txTime is more than ${MAX_TX_AHEAD} s ahead (clock skew?)`;
  return undefined;
}

/** Loopback peer, or loopback nginx that says the client came over HTTPS. */
export function secureChannel(
  remoteAddress: string | undefined,
  headers: Record<string, string | string[] | undefined>,
): boolean {
  const a = remoteAddress ?? '';
  const loopback = a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
  if (!loopback) return false;
  if (headers['x-forwarded-for'] === undefined) return true;
  return headers['x-forwarded-proto'] === 'https';
}
