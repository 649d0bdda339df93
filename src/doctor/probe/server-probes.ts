/** Shared, memoised probes of the business server, so several checks reuse one request. */
import { skip, type CheckContext, type CheckOutcome } from '../check.js';
import { httpRequest, ProbeError, classify, type HttpAnswer } from './http.js';
import { serverTarget, type ServerTarget } from './server-target.js';

/** The probe target, or undefined when no server URL is configured or it is not a URL. */
export function targetOf(ctx: CheckContext): ServerTarget | undefined {
  if (!ctx.serverUrl) return undefined;
  try {
    return serverTarget(ctx.serverUrl, ctx.config.protocol);
  } catch {
    return undefined;
  }
}

/**
 * The target the server checks probe, or the skip they return: no server URL, or an HTTPS server
 * whose certificate server.https rejected (every later probe would fail the same way).
 */
export function trustedTarget(
  ctx: CheckContext,
): { ok: true; target: ServerTarget } | { ok: false; skip: CheckOutcome } {
  const target = targetOf(ctx);
  if (!target) return { ok: false, skip: skip('no server URL') };
  const https = ctx.result('server.https');
  if (https?.status === 'fail' || https?.status === 'error')
    return { ok: false, skip: skip('server.https failed: no trusted HTTPS connection') };
  return { ok: true, target };
}

/** Either an HTTP answer or the network failure. */
export type Probe = { ok: true; answer: HttpAnswer; ms: number } | { ok: false; error: ProbeError; ms: number };

/** One HTTP request with the run's CA and the check's signal; failures are values, not throws. */
export async function probe(
  ctx: CheckContext,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Probe> {
  const t0 = ctx.clock.now();
  try {
    const answer = await httpRequest(url, {
      ...init,
      timeoutMs: init.timeoutMs ?? 5000,
      signal: ctx.signal,
      ...(ctx.inputs.tlsCa ? { ca: ctx.inputs.tlsCa } : {}),
    });
    return { ok: true, answer, ms: ctx.clock.now() - t0 };
  } catch (err) {
    return { ok: false, error: err instanceof ProbeError ? err : classify(err), ms: ctx.clock.now() - t0 };
  }
}

/** GET /interface.php once per run (server.generation, server.leak and others share it). */
export function interfaceProbe(ctx: CheckContext, target: ServerTarget): Promise<Probe> {
  return ctx.memo(`server:interface:${target.origin}`, () => probe(ctx, target.interfaceUrl));
}
