/** The app's COS credentials: cos_info from /login plus signKey/keyTime from /get_cos_sign (one call per run). */
import type { CheckContext } from '../check.js';
import { callApp, type AppCall } from './app-client.js';
import type { ServerTarget } from './server-target.js';

/** What the app hands its COS SDK, or the failed call. */
export type CosGrant = { ok: true; signKey: string; keyTime: string } | { ok: false; call: AppCall };

export function cosGrant(
  ctx: CheckContext,
  target: ServerTarget,
  session: { userid: string; token: string },
): Promise<CosGrant> {
  return ctx.memo(`app:cos-grant:${target.origin}`, async () => {
    const call = await callApp(ctx, target, 'get_cos_sign', {}, session);
    const data = call.ok ? call.reply.data : undefined;
    if (!call.ok || call.reply.code !== 200 || typeof data?.signKey !== 'string' || typeof data.keyTime !== 'string')
      return { ok: false, call };
    return { ok: true, signKey: data.signKey, keyTime: data.keyTime };
  });
}
