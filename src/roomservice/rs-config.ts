/**
 * The configuration RoomService runs with (docs/roomservice.md#configuration): what RoomTool carried plus
 * bizid, push key, hosts and limits. It starts from the server's own minilvb config and is replaced
 * as a whole by what `minilvb roomservice push` stored, without a restart.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import type { MinilvbConfig } from '../config/index.js';

/** Limits and timers (docs/roomservice.md#heartbeats-and-cleanup). */
export interface RsLimits {
  /** Members of a live_room / multi_room (double_room is always 2), creator included. */
  maxMembers: number;
  /** Seconds without a heartbeat after which a pusher's stream is checked. */
  heartBeatTimeout: number;
  /** Seconds between sweeps. */
  sweepPeriod: number;
  /** Seconds after which a room created but never joined is reclaimed. */
  maxIdleDuration: number;
  maxAudiencesLen: number;
  /** double_room / multi_room: does the creator leaving end the room? (live_room: always.) */
  creatorCanDestroyRoom: boolean;
  /** Login token lifetime, seconds. */
  tokenTtl: number;
  /** Push / accelerate URL lifetime, seconds. */
  validTime: number;
}

export const DEFAULT_LIMITS: Readonly<RsLimits> = Object.freeze({
  maxMembers: 4,
  heartBeatTimeout: 20,
  sweepPeriod: 5,
  maxIdleDuration: 30,
  maxAudiencesLen: 30,
  creatorCanDestroyRoom: false,
  tokenTtl: 86400,
  validTime: 604800,
});

/** Everything RoomService needs; absent keys disable what needs them. */
export interface RsConfig {
  sdkAppId?: number;
  accountType?: string;
  administrator: string;
  /** v1: signs admin UserSigs and get_login_info. */
  privateKey?: string;
  /** v1: verifies client UserSigs. */
  publicKey?: string;
  /** v2: both. */
  secretKey?: string;
  appId?: number;
  apiKey?: string;
  bizId?: number;
  pushKey?: string;
  pushHost?: string;
  playHost?: string;
  /** Stream status and mixing: 'legacy' = Tencent's common_access CGI (needs appId, apiKey); default none. */
  streamApi?: 'none' | 'legacy';
  limits: RsLimits;
}

/** The config the server starts with, from its own minilvb config. */
export function rsConfigFromMinilvb(config: MinilvbConfig): RsConfig {
  const { im, lvb } = config;
  const out: RsConfig = { administrator: im.administrator, limits: { ...DEFAULT_LIMITS } };
  if (im.sdkAppId !== undefined) out.sdkAppId = im.sdkAppId;
  if (im.accountType) out.accountType = im.accountType;
  if (im.privateKey) out.privateKey = im.privateKey;
  if (im.publicKey) out.publicKey = im.publicKey;
  if (im.secretKey) out.secretKey = im.secretKey;
  if (lvb.appId !== undefined) out.appId = lvb.appId;
  if (lvb.apiKey) out.apiKey = lvb.apiKey;
  if (lvb.bizId !== undefined) out.bizId = lvb.bizId;
  if (lvb.pushKey) out.pushKey = lvb.pushKey;
  if (lvb.pushDomain) out.pushHost = lvb.pushDomain;
  if (lvb.playDomain) out.playHost = lvb.playDomain;
  return out;
}

const INT_KEYS = ['sdkAppId', 'appId', 'bizId'] as const;
const STRING_KEYS = [
  'accountType',
  'administrator',
  'privateKey',
  'publicKey',
  'secretKey',
  'apiKey',
  'pushKey',
  'pushHost',
  'playHost',
] as const;

/** A pushed configuration checked field by field; `errors` lists every problem at once. */
export function parseRsConfig(raw: unknown): { config?: RsConfig; errors: string[] } {
  const errors: string[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { errors: ['config is not a JSON object'] };
  const r = raw as Record<string, unknown>;
  const out: RsConfig = { administrator: 'admin', limits: { ...DEFAULT_LIMITS } };
  for (const k of INT_KEYS) {
    const v = r[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) errors.push(`${k} must be a positive integer`);
    else out[k] = v;
  }
  for (const k of STRING_KEYS) {
    const v = r[k];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') errors.push(`${k} must be a string`);
    else out[k] = v;
  }
  const limits = r.limits;
  if (limits !== undefined) {
    if (limits === null || typeof limits !== 'object') errors.push('limits must be an object');
    else parseLimits(limits as Record<string, unknown>, out.limits, errors);
  }
  if (r.streamApi !== undefined) {
    if (r.streamApi !== 'none' && r.streamApi !== 'legacy') errors.push('streamApi must be none or legacy');
    else out.streamApi = r.streamApi;
  }
  if (out.sdkAppId === undefined) errors.push('sdkAppId is required');
  if (out.accountType !== undefined && !/^\d+$/.test(out.accountType)) errors.push('accountType must be digits');
  keyErrors(out, errors);
  return errors.length > 0 ? { errors } : { config: out, errors };
}

function parseLimits(l: Record<string, unknown>, into: RsLimits, errors: string[]): void {
  for (const [k, v] of Object.entries(l)) {
    if (!(k in DEFAULT_LIMITS)) {
      errors.push(`limits.${k} is not a known limit`);
      continue;
    }
    const key = k as keyof RsLimits;
    if (key === 'creatorCanDestroyRoom') {
      if (typeof v !== 'boolean') errors.push('limits.creatorCanDestroyRoom must be true or false');
      else into.creatorCanDestroyRoom = v;
    } else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
      errors.push(`limits.${k} must be a positive integer`);
    } else into[key] = v;
  }
}

/** The PEMs parse and form a pair: a fresh nonce signed with the private key verifies with the public key. */
function keyErrors(c: RsConfig, errors: string[]): void {
  if (c.publicKey !== undefined) {
    try {
      createPublicKey(c.publicKey);
    } catch {
      errors.push('publicKey is not a PEM public key');
      return;
    }
  }
  if (c.privateKey === undefined) return;
  let priv;
  try {
    priv = createPrivateKey(c.privateKey);
  } catch {
    errors.push('privateKey is not a PEM private key');
    return;
  }
  if (c.publicKey === undefined) return;
  const nonce = randomBytes(32);
  let ok: boolean;
  try {
    ok = verify('sha256', nonce, createPublicKey(c.publicKey), sign('sha256', nonce, priv));
  } catch {
    ok = false;
  }
  if (!ok) errors.push('privateKey and publicKey are not a key pair (a nonce signed with one does not verify)');
}
