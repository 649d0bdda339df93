/** The fingerprints of each key as the deployed server and the cloud see them (for keys.fingerprints). */
import { createLiveClient, liveOptionsFromConfig } from '../../cloud/live.js';
import { fingerprint } from '../../secrets/mask.js';
import type { CheckContext } from '../check.js';
import { jsonObject } from './http.js';
import { probe, targetOf } from './server-probes.js';

/** Fingerprints by config path, or why a side is unavailable. */
export type Copies =
  | { ok: true; fps: Record<string, string | undefined>; accepted?: Record<string, string[]> }
  | { ok: false; reason: string; wrongToken?: boolean };

export async function serverCopies(ctx: CheckContext): Promise<Copies> {
  const target = targetOf(ctx);
  if (!target) return { ok: false, reason: 'no server URL' };
  const token = ctx.config.server.adminToken;
  if (!token) return { ok: false, reason: 'server.adminToken not set' };
  const p = await probe(ctx, `${target.origin}/minilvb/fingerprints`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!p.ok) return { ok: false, reason: `${target.origin} unreachable (${p.error.code})` };
  if (p.answer.status === 401 || p.answer.status === 403)
    return { ok: false, reason: 'the server refused server.adminToken', wrongToken: true };
  if (p.answer.status === 404)
    return {
      ok: false,
      reason: 'the server has no fingerprint endpoint (a PHP server, or no admin token set on the server)',
    };
  const fps = jsonObject(p.answer.body)?.fingerprints;
  if (p.answer.status !== 200 || fps === null || typeof fps !== 'object')
    return { ok: false, reason: `unexpected answer (HTTP ${p.answer.status})` };
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(fps as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return { ok: true, fps: out };
}

export async function cloudCopies(ctx: CheckContext): Promise<Copies> {
  const opts = liveOptionsFromConfig(ctx.config, 5000);
  if ('missing' in opts) return { ok: false, reason: `${opts.missing.join(', ')} not set` };
  const push = ctx.config.lvb.pushDomain;
  if (!push) return { ok: false, reason: 'lvb.pushDomain not set (legacy bizid domains have no key API)' };
  const live = await createLiveClient(opts);
  const [auth, templates, rules] = await Promise.all([
    live.describePushAuthKey(push),
    live.describeCallbackTemplates(),
    live.describeCallbackRules(),
  ]);
  if (!auth.ok && !templates.ok) return { ok: false, reason: `Live API: ${auth.code}` };
  const fps: Record<string, string | undefined> = {};
  const accepted: Record<string, string[]> = {};
  if (auth.ok) {
    if (auth.info.MasterAuthKey) fps['lvb.pushKey'] = fingerprint(auth.info.MasterAuthKey);
    if (auth.info.BackupAuthKey) {
      fps['lvb.pushKeyBackup'] = fingerprint(auth.info.BackupAuthKey);
      // The console accepts a txSecret made with either key: a push key equal to the backup works.
      accepted['lvb.pushKey'] = [fingerprint(auth.info.BackupAuthKey)];
    }
  }
  if (templates.ok && rules.ok) {
    const rule =
      rules.rules.find((r) => r.DomainName === push && (r.AppName === 'live' || !r.AppName)) ??
      rules.rules.find((r) => r.DomainName === push);
    const tpl = templates.templates.find((t) => t.TemplateId === rule?.TemplateId);
    if (tpl?.CallbackKey) fps['lvb.apiKey'] = fingerprint(tpl.CallbackKey);
  }
  return { ok: true, fps, accepted };
}
