/**
 * What the bundled server says about its own database: `GET /readyz` (503 body
 * `{status, store, reason, cause?, kind?}`) and the `message` of a 5xx app/callback reply. A
 * failure behind the server is the database's fault, never the callback URL's; this names which.
 */
import type { CheckContext } from '../check.js';
import { jsonObject } from './http.js';
import { probe } from './server-probes.js';
import type { ServerTarget } from './server-target.js';

/** The troubleshooting entries a server-side database failure maps to. */
export type DbFaqId = 'DB-ACCESS' | 'VOD-DB-TABLES' | 'VOD-DB-WRITE';

/** A database failure the server reported, in the server's own words. */
export interface ServerDbFault {
  faqId: DbFaqId;
  /** The server's short reason (e.g. "database unavailable"). */
  reason: string;
  /** The server's human text (no secrets), when it gave one. */
  cause?: string;
  /** `kind` as the server sent it. */
  kind?: string;
  /** The missing/broken table, when the cause names one. */
  table?: string;
}

/** The server's readiness: ready, a database fault, or no readiness endpoint (PHP server, proxy). */
export type ServerDbState =
  { state: 'ready' } | { state: 'fault'; fault: ServerDbFault } | { state: 'unknown'; why: string };

const ACCESS_KINDS = new Set(['access-denied', 'unknown-database', 'connect', 'timeout']);

/** The table a database error text names (`Table 'db.tb_vod' doesn't exist`, `missing table tb_vod`). */
export function tableIn(text: string): string | undefined {
  const m =
    /Table '(?:[^'.]+\.)?([^']+)' doesn't exist/i.exec(text) ??
    /\b(?:missing table|no such table|table)\s+`?((?:tb|minilvb)_\w+)`?/i.exec(text) ??
    /\b((?:tb|minilvb)_\w+)\b/.exec(text);
  return m?.[1];
}

/** Maps the server's `kind` (or, without one, its text) to the entry that explains it. */
export function classifyDbFault(kind: string | undefined, text: string): DbFaqId {
  if (kind !== undefined) {
    if (ACCESS_KINDS.has(kind)) return 'DB-ACCESS';
    return kind === 'schema' ? 'VOD-DB-TABLES' : 'VOD-DB-WRITE';
  }
  if (/doesn't exist|missing table|no such table|Unknown column/i.test(text))
    return /Unknown column/i.test(text) ? 'VOD-DB-WRITE' : 'VOD-DB-TABLES';
  if (/access denied|unknown database|unavailable|refused|ECONN|timed? ?out|connect/i.test(text)) return 'DB-ACCESS';
  return 'VOD-DB-WRITE';
}

/** Reads a `/readyz` answer. Today's server sends only status/store/reason; kind and cause are optional. */
export function parseReadiness(status: number, body: string): ServerDbState {
  const json = jsonObject(body);
  if (!json || typeof json.status !== 'string')
    return { state: 'unknown', why: `no readiness answer (HTTP ${status})` };
  if (status === 200 && json.status === 'ready') return { state: 'ready' };
  if (json.status !== 'unavailable')
    return { state: 'unknown', why: `unexpected readiness status ${JSON.stringify(json.status)} (HTTP ${status})` };
  const reason = typeof json.reason === 'string' && json.reason !== '' ? json.reason : 'database unavailable';
  const cause = typeof json.cause === 'string' && json.cause !== '' ? json.cause : undefined;
  const kind = typeof json.kind === 'string' && json.kind !== '' ? json.kind : undefined;
  // Without a kind, /readyz only fails when the database cannot be reached at all (its probe is a ping).
  const faqId =
    kind === undefined && cause === undefined ? 'DB-ACCESS' : classifyDbFault(kind, `${reason} ${cause ?? ''}`);
  const table = faqId === 'VOD-DB-TABLES' ? tableIn(cause ?? reason) : undefined;
  return {
    state: 'fault',
    fault: { faqId, reason, ...(cause ? { cause } : {}), ...(kind ? { kind } : {}), ...(table ? { table } : {}) },
  };
}

/** A fault named by the `message` of a 5xx (or code 500/2003) reply, when the server gave one. */
export function faultFromReply(body: string): ServerDbFault | undefined {
  const json = jsonObject(body);
  const message = typeof json?.message === 'string' ? json.message : '';
  if (message === '' || !/database|table|db operate|mysql|sql/i.test(message)) return undefined;
  const kind = typeof json?.kind === 'string' ? json.kind : undefined;
  const faqId = classifyDbFault(kind, message);
  const table = faqId === 'VOD-DB-TABLES' ? tableIn(message) : undefined;
  return { faqId, reason: message, ...(kind ? { kind } : {}), ...(table ? { table } : {}) };
}

/** GET /readyz once per run. */
export function serverDbState(ctx: CheckContext, target: ServerTarget): Promise<ServerDbState> {
  return ctx.memo(`server:readyz:${target.origin}`, async () => {
    const p = await probe(ctx, `${target.origin}/readyz`);
    if (!p.ok) return { state: 'unknown', why: `no answer from /readyz (${p.error.code})` };
    return parseReadiness(p.answer.status, p.answer.body);
  });
}

/** One line for summaries: the reason, the cause and the table. */
export function describeDbFault(f: ServerDbFault): string {
  return [
    f.reason,
    f.cause,
    f.table && !`${f.reason} ${f.cause ?? ''}`.includes(f.table) ? `table ${f.table}` : undefined,
  ]
    .filter(Boolean)
    .join(': ');
}
