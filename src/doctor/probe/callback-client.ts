/** Sends LVB event callbacks to the server the way Tencent does (docs/callbacks.md#the-request). */
import { callbackSign } from '../../sign/index.js';
import type { CheckContext } from '../check.js';
import { jsonObject } from './http.js';
import { probe, type Probe } from './server-probes.js';
import type { ServerTarget } from './server-target.js';

/** The answer to one callback. */
export type CallbackAnswer = { probe: Probe; code: number | undefined };

/** POSTs one event; `key` signs it (`sign` = md5(key + t)); t = now + 10 min, as Tencent sets it. */
export async function sendCallback(
  ctx: CheckContext,
  target: ServerTarget,
  event: Record<string, unknown>,
  key: string,
): Promise<CallbackAnswer> {
  const t = Math.floor(ctx.clock.now() / 1000) + 600;
  const body = JSON.stringify({ ...event, t, sign: callbackSign(key, t) });
  const p = await probe(ctx, target.callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const json = p.ok ? jsonObject(p.answer.body) : undefined;
  return { probe: p, code: typeof json?.code === 'number' ? json.code : undefined };
}

/** The stream name a push of `userid` has under the configured stream → userid rule. */
export function streamIdFor(ctx: CheckContext, userid: string): string {
  const prefix = String(ctx.config.lvb.bizId ?? 'mlvb');
  switch (ctx.config.server.streamUserRule) {
    case 'whole':
      return userid;
    case 'legacy-middle':
      return `${prefix}_${userid}_doctor`;
    default:
      return `${prefix}_${userid}`;
  }
}
