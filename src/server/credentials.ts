/**
 * Tokens and password storage (docs/app-protocol.md#d3, #d5, #d14). Tokens are 128-bit CSPRNG values in
 * lowercase hex; refresh tokens are stored only as SHA-256. New passwords are stored as scrypt of
 * the client hash (N=16384 by default, r=8, p=1: 16 MiB, ~40 ms here); rows holding the PHP raw client hash
 * still log in and are upgraded, unless `passwordStorage: legacy` keeps the PHP form.
 */
import { randomBytes, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordStorage } from '../config/index.js';
import { safeEqual as constantTimeEqual, sha256Hex } from '../sign/digest.js';
import { KdfQueue } from './abuse/kdf-queue.js';

export { constantTimeEqual, sha256Hex };

/** Callers without their own queue share one: still at most two hashes on the thread pool at once. */
const SHARED_KDF = new KdfQueue(2, Number.POSITIVE_INFINITY);

/** 32 lowercase hex characters from the CSPRNG. */
export function newToken(): string {
  return randomBytes(16).toString('hex');
}

const R = 8;
const P = 1;
const KEY_LENGTH = 32;
// scrypt needs 128·N·r bytes = exactly 16 MiB at the default N; Node's default maxmem (32 MiB) allows it.
const MAXMEM = 32 * 1024 * 1024;
const STORED = /^\$scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;
const LEGACY_ROW = /^[A-Za-z0-9]+$/;

function scrypt(
  kdf: KdfQueue,
  password: string,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
): Promise<Buffer> {
  // Off the event loop and off libuv's pool (storage I/O runs there): see abuse/kdf-queue.ts.
  return kdf.scrypt(password, salt, keylen, options);
}

/** `$scrypt$N=16384,r=8,p=1$<salt b64url>$<hash b64url>` of the client hash, N being the queue's cost. */
export async function hashPassword(clientHash: string, kdf: KdfQueue = SHARED_KDF): Promise<string> {
  const salt = randomBytes(16);
  const N = kdf.scryptN;
  const key = await scrypt(kdf, clientHash, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAXMEM });
  return `$scrypt$N=${N},r=${R},p=${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** What the login check decided; `upgrade` is the value to store instead of a legacy row. */
export interface PasswordCheck {
  ok: boolean;
  upgrade?: string;
}

/** The value to store for a new account in the given mode. */
export async function storedPassword(
  clientHash: string,
  mode: PasswordStorage,
  kdf: KdfQueue = SHARED_KDF,
): Promise<string> {
  return mode === 'legacy' ? clientHash : hashPassword(clientHash, kdf);
}

/** Checks a login against the stored value (legacy raw hash or scrypt), upgrading legacy rows in kdf mode. */
export async function checkPassword(
  stored: string | null,
  clientHash: string,
  mode: PasswordStorage,
  kdf: KdfQueue = SHARED_KDF,
): Promise<PasswordCheck> {
  if (!stored) return { ok: false };
  if (LEGACY_ROW.test(stored)) {
    const ok = constantTimeEqual(stored, clientHash);
    if (!ok || mode === 'legacy') return { ok };
    return { ok, upgrade: await hashPassword(clientHash, kdf) };
  }
  const m = STORED.exec(stored);
  if (!m) return { ok: false };
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Refuse parameters that would exceed our memory budget (a tampered row must not DoS us).
  if (128 * N * r * p > 16 * 1024 * 1024 || N < 2) return { ok: false };
  const expected = Buffer.from(m[5] as string, 'base64url');
  if (expected.length < 16) return { ok: false };
  const key = await scrypt(kdf, clientHash, Buffer.from(m[4] as string, 'base64url'), expected.length, {
    N,
    r,
    p,
    maxmem: MAXMEM,
  });
  return { ok: timingSafeEqual(key, expected) };
}
