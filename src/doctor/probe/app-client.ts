/**
 * Talks to the business server exactly as the apps do (docs/app-protocol.md#path-protocol): POST JSON, the
 * {code,message,data} envelope, Liteav-Sig over the exact bytes sent, the client password hash.
 * The probe user `mlvbdoctor_<random>` is registered and logged in once per run.
 */
import { randomBytes } from 'node:crypto';
import { appReply, appRequest, type AppReply } from '../../sign/app-request.js';
import { clientPasswordHash } from '../../sign/index.js';
import { skip, type CheckContext, type CheckOutcome } from '../check.js';
import { excerpt, type ProbeError } from './http.js';
import { cleanupProbeUser } from './probe-cleanup.js';
import { probe, targetOf } from './server-probes.js';
import type { ServerTarget } from './server-target.js';
import { PROBE_USER_PREFIX } from '../../db/probe-user.js';

export type { AppReply };

/** A call either got an HTTP answer or failed on the network. */
export type AppCall = { ok: true; reply: AppReply } | { ok: false; error: ProbeError };

/**
 * The prefix that marks doctor's probe users (and their rows) everywhere; the stores accept no other id for clean-up.
 */
export const PROBE_PREFIX = PROBE_USER_PREFIX;

export async function callApp(
  ctx: CheckContext,
  target: ServerTarget,
  name: string,
  params: Record<string, unknown>,
  session?: { userid: string; token: string },
): Promise<AppCall> {
  const { body, headers } = appRequest(params, session, Math.floor(ctx.clock.now() / 1000));
  const p = await probe(ctx, target.endpoint(name), { method: 'POST', headers, body });
  if (!p.ok) return { ok: false, error: p.error };
  return { ok: true, reply: appReply(p.answer.status, p.answer.body) };
}

/** A logged-in probe user, or why logging in failed. */
export type ProbeLogin =
  | { ok: true; userid: string; token: string; data: Record<string, unknown> }
  | { ok: false; step: 'register' | 'login'; call: AppCall };

/** Registers and logs in the run's probe user once; every app/callback check shares it. */
export function probeLogin(ctx: CheckContext, target: ServerTarget): Promise<ProbeLogin> {
  return ctx.memo(`app:probe-login:${target.origin}`, async () => {
    const userid = `${PROBE_PREFIX}${randomBytes(5).toString('hex')}`;
    const password = clientPasswordHash(randomBytes(12).toString('hex'), userid);
    const reg = await callApp(ctx, target, 'register', { userid, password });
    if (!reg.ok || (reg.reply.code !== 200 && reg.reply.code !== 612))
      return { ok: false, step: 'register', call: reg };
    cleanupProbeUser(ctx, target, userid);
    const login = await callApp(ctx, target, 'login', { userid, password });
    if (!login.ok || login.reply.code !== 200 || typeof login.reply.data?.token !== 'string')
      return { ok: false, step: 'login', call: login };
    return { ok: true, userid, token: login.reply.data.token, data: login.reply.data };
  });
}

/** What the app checks start from: the server and the logged-in probe user, or the skip to return. */
export type LoggedIn =
  { ok: true; target: ServerTarget; login: Extract<ProbeLogin, { ok: true }> } | { ok: false; skip: CheckOutcome };

/** The shared preamble of the app and callback checks (the login itself is app.login's finding). */
export async function loggedInProbe(ctx: CheckContext): Promise<LoggedIn> {
  const target = targetOf(ctx);
  if (!target) return { ok: false, skip: skip('no server URL') };
  const login = await probeLogin(ctx, target);
  return login.ok ? { ok: true, target, login } : { ok: false, skip: skip('no probe login') };
}

/** A short description of a failed call, for summaries. */
export function describeCall(call: AppCall): string {
  if (!call.ok) return `${call.error.kind} (${call.error.code})`;
  const r = call.reply;
  if (r.code !== undefined) return `HTTP ${r.http}, code ${r.code}${r.message ? ` "${r.message}"` : ''}`;
  return `HTTP ${r.http}, ${r.body ? `not an envelope: ${excerpt(r.body)}` : 'empty body'}`;
}
