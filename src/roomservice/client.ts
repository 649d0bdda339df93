/**
 * The client side of `minilvb roomservice push|show` (docs/roomservice.md#minilvb-roomservice-push): builds the
 * RoomService configuration from minilvb's config (RoomTool's fields plus bizid, push key, hosts, limits; the
 * IM private key / secret key only when asked, like RoomTool's `1`) and sends it over the signed admin channel.
 */
import type { MinilvbConfig } from '../config/index.js';
import { MinilvbError, UsageError } from '../errors.js';
import { signAdminRequest } from './push-wire.js';
import { DEFAULT_LIMITS, type RsConfig, type RsLimits } from './rs-config.js';

/** Where and as whom to talk to the server. */
export interface AdminTarget {
  server: string;
  adminToken: string;
  nowSec?: number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The configuration `push` sends; private keys only with `withPrivateKey`. */
export function rsConfigToPush(
  config: MinilvbConfig,
  withPrivateKey: boolean,
  limits: Partial<RsLimits> = {},
  streamApi?: 'none' | 'legacy',
): Record<string, unknown> {
  const { im, lvb } = config;
  const out: Record<string, unknown> = {
    sdkAppId: im.sdkAppId,
    accountType: im.accountType,
    administrator: im.administrator,
    publicKey: im.publicKey,
    appId: lvb.appId,
    apiKey: lvb.apiKey,
    bizId: lvb.bizId,
    pushKey: lvb.pushKey,
    pushHost: lvb.pushDomain,
    playHost: lvb.playDomain,
    streamApi,
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
  if (withPrivateKey) {
    out.privateKey = im.privateKey;
    out.secretKey = im.secretKey;
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && v !== ''));
}

/** Only loopback or HTTPS: the admin channel carries keys. */
export function assertSecureServer(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`${JSON.stringify(server)} is not a URL.`, { hint: 'Pass --server https://your.host' });
  }
  const h = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = h === 'localhost' || h === '::1' || /^127\./.test(h);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new UsageError(`Refusing to send RoomService keys to ${url.origin}: only HTTPS or loopback.`, {
      hint: 'Use the https:// address of the server, or run the command on the server (http://127.0.0.1:…).',
    });
  return url;
}

/** A RoomService reply as JSON, or a typed error naming the HTTP status and message. */
async function call(t: AdminTarget, path: string, init: RequestInit): Promise<Record<string, unknown>> {
  const base = assertSecureServer(t.server);
  let res: Response;
  try {
    res = await (t.fetch ?? fetch)(new URL(path, base).toString(), {
      ...init,
      signal: AbortSignal.timeout(t.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new MinilvbError('MLVB_NETWORK', `Cannot reach ${base.origin}: ${(err as Error).message}`, { cause: err });
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status !== 200 || body.code !== 0)
    throw new MinilvbError(
      'MLVB_ROOMSERVICE',
      `RoomService refused: HTTP ${res.status}, code ${String(body.code)}: ${String(body.message ?? '')}`,
      {
        hint:
          res.status === 404
            ? 'Set server.adminToken on the server (and the same value here), then restart it.'
            : res.status === 401
              ? 'The admin token differs from the server’s (or the clocks differ by minutes).'
              : 'Fix the values named above and push again.',
        details: { status: res.status, code: typeof body.code === 'number' ? body.code : null },
      },
    );
  return body;
}

/** Sends the configuration; the server checks, stores (0600) and applies it. Returns what it holds now. */
export async function pushRoomServiceConfig(
  t: AdminTarget,
  payload: Record<string, unknown>,
  withPrivateKey: boolean,
): Promise<Record<string, unknown>> {
  const config = Buffer.from(JSON.stringify(payload)).toString('base64');
  const now = t.nowSec ?? Math.floor(Date.now() / 1000);
  const signed = signAdminRequest(t.adminToken, 'set_config_info', config, now);
  const body = await call(t, `/weapp/v1/api/set_config_info?txTime=${signed.txTime}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ config, version: 1, node: withPrivateKey ? '1' : '0', ...signed }),
  });
  return body.config as Record<string, unknown>;
}

/** What the server holds, masked, with fingerprints. */
export async function showRoomServiceConfig(t: AdminTarget): Promise<Record<string, unknown>> {
  const now = t.nowSec ?? Math.floor(Date.now() / 1000);
  const s = signAdminRequest(t.adminToken, 'get_config_info', '', now);
  const q = new URLSearchParams({ txTime: s.txTime, nonce: s.nonce, sign: s.sign });
  const body = await call(t, `/weapp/v1/api/get_config_info?${q.toString()}`, { method: 'GET' });
  return body.config as Record<string, unknown>;
}

export type { RsConfig };
