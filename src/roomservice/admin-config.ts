/**
 * Server side of `minilvb roomservice push|show`: `POST /weapp/v1/api/set_config_info` (RoomTool's
 * shape: `{config: base64 JSON, version: 1, node: '1'|'0'}` plus the signed fields of push-wire.ts) and
 * `GET /weapp/v1/api/get_config_info` (the held config, masked, with key fingerprints).
 */
import { fingerprint, mask } from '../secrets/mask.js';
import type { RsHttpRequest } from './http.js';
import { fail, ok, type RsReply } from './protocol.js';
import { checkAdminSign, MAX_TX_AHEAD, secureChannel, type SignedFields } from './push-wire.js';
import { parseRsConfig, type RsConfig } from './rs-config.js';
import type { RoomService } from './service.js';

const SECRET_KEYS = ['privateKey', 'secretKey', 'apiKey', 'pushKey'] as const;

/** What `show` prints: plain values as they are, secrets masked with fingerprints. */
export function describeConfig(c: RsConfig, pushed: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { source: pushed ? 'pushed' : 'server config' };
  for (const [k, v] of Object.entries(c)) {
    if (v === undefined) continue;
    if ((SECRET_KEYS as readonly string[]).includes(k)) {
      out[k] = { masked: mask(String(v)), fingerprint: fingerprint(String(v)) };
    } else if (k === 'publicKey') {
      out[k] = { fingerprint: fingerprint(String(v)) };
    } else out[k] = v;
  }
  out.getLoginInfo = Boolean(c.secretKey || c.privateKey);
  return out;
}

async function refusal(rs: RoomService, name: string, req: RsHttpRequest, f: Partial<SignedFields>, payload: string) {
  const token = rs.deps.adminToken;
  if (!token) return { status: 404, reply: fail(-1, 'not found (set server.adminToken to enable the config API)') };
  if (!secureChannel(req.remoteAddress, req.headers))
    return { status: 403, reply: fail(7, 'the config API answers only over loopback or HTTPS') };
  const why = checkAdminSign(token, name, f, payload, rs.nowSec());
  if (why) return { status: 401, reply: fail(7, `鉴权失败: ${why}`) };
  const now = rs.nowMs();
  if (!(await rs.store.useNonce(f.nonce as string, now, now + (MAX_TX_AHEAD + 1) * 1000)))
    return { status: 401, reply: fail(7, '鉴权失败: nonce already used (replayed request)') };
  return undefined;
}

function bodyOf(req: RsHttpRequest): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(req.body.toString('utf8'));
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return Object.fromEntries(new URLSearchParams(req.body.toString('utf8')));
  }
}

const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export async function handleConfigApi(
  rs: RoomService,
  name: string,
  req: RsHttpRequest,
): Promise<{ status: number; reply: RsReply }> {
  if (name === 'get_config_info') {
    if (req.method !== 'GET') return { status: 405, reply: fail(-1, 'GET expected') };
    const q = req.query;
    const f = { txTime: q.get('txTime') ?? '', nonce: q.get('nonce') ?? '', sign: q.get('sign') ?? '' };
    const refused = await refusal(rs, name, req, f, '');
    if (refused) return refused;
    const { config, pushed } = await rs.config();
    return { status: 200, reply: ok({ config: describeConfig(config, pushed) }) };
  }
  if (name !== 'set_config_info') return { status: 404, reply: fail(-1, 'not found') };
  if (req.method !== 'POST') return { status: 405, reply: fail(-1, 'POST expected') };
  const b = bodyOf(req);
  const config64 = s(b.config) ?? '';
  const f = { txTime: s(b.txTime) ?? req.query.get('txTime') ?? '', nonce: s(b.nonce) ?? '', sign: s(b.sign) ?? '' };
  const refused = await refusal(rs, name, req, f, config64);
  if (refused) return refused;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(config64, 'base64').toString('utf8'));
  } catch {
    return { status: 200, reply: fail(1, 'config is not base64 of a JSON object') };
  }
  const parsed = parseRsConfig(raw);
  if (!parsed.config) return { status: 200, reply: fail(1, parsed.errors.join('; '), { errors: parsed.errors }) };
  await rs.applyConfig(parsed.config);
  return { status: 200, reply: ok({ config: describeConfig(parsed.config, true) }) };
}
