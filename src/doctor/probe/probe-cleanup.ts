/**
 * Removes the probe user and its rows after the run. The bundled server offers an authenticated
 * admin endpoint for it (`POST /minilvb/cleanup-probe`, tried first: it also works for the
 * embedded store and clears the server's caches); otherwise doctor deletes the rows itself when it
 * has the server's database credentials. Only user ids with the probe prefix are ever touched.
 */
import { deleteProbeRows, isProbeUserId, probeCleanupSql, type ProbeDeletion } from '../../db/index.js';
import type { CheckContext } from '../check.js';
import { PROBE_PREFIX } from './app-client.js';
import { openConnection } from './db-probe.js';
import { httpRequest, jsonObject } from './http.js';
import type { ServerTarget } from './server-target.js';

/** Registers the clean-up of one probe user; the cleanup result's message says how it was done. */
export function cleanupProbeUser(ctx: CheckContext, target: ServerTarget, userid: string): void {
  if (!isProbeUserId(userid)) return;
  ctx.defer(`remove probe user ${userid}`, async () => {
    const viaEndpoint = await viaAdminEndpoint(ctx, target, userid);
    if (viaEndpoint) return `removed via ${target.origin}/minilvb/cleanup-probe (${rowsText(viaEndpoint)})`;
    const db = ctx.config.db;
    if (!db)
      throw new Error(
        `no way to remove it: set server.adminToken (bundled server) or db.* ` +
          `(database access); manual SQL: ${probeCleanupSql(userid)}`,
      );
    const open = await openConnection(db);
    if (!open.ok)
      throw new Error(
        `cannot connect to the database to remove it (${open.driverCode}); manual SQL: ${probeCleanupSql(userid)}`,
      );
    try {
      return `removed via the database ${db.name} (${rowsText(await deleteProbeRows(open.conn, userid))})`;
    } finally {
      await open.conn.close();
    }
  });
}

function rowsText(deleted: Partial<ProbeDeletion>): string {
  const parts = Object.entries(deleted)
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([t, n]) => `${t} ${String(n)}`);
  return parts.length > 0 ? `rows: ${parts.join(', ')}` : 'no rows left';
}

/** The deletion counts the endpoint reported, or undefined when it is unavailable or refused. */
async function viaAdminEndpoint(
  ctx: CheckContext,
  target: ServerTarget,
  userid: string,
): Promise<Partial<ProbeDeletion> | undefined> {
  const token = ctx.config.server.adminToken;
  if (!token) return undefined;
  try {
    const answer = await httpRequest(`${target.origin}/minilvb/cleanup-probe`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userid }),
      timeoutMs: 3000,
      ...(ctx.inputs.tlsCa ? { ca: ctx.inputs.tlsCa } : {}),
    });
    if (answer.status !== 200) return undefined;
    const deleted = jsonObject(answer.body)?.deleted;
    return deleted !== null && typeof deleted === 'object' ? (deleted as Partial<ProbeDeletion>) : {};
  } catch {
    return undefined;
  }
}

/** Whether the probe rows can be removed afterwards (doctor must not leave a fake replay in a real list). */
export function cleanupAvailable(
  ctx: CheckContext,
  target: ServerTarget,
): Promise<'admin-endpoint' | 'database' | undefined> {
  return ctx.memo(`cleanup:available:${target.origin}`, async () => {
    // Deleting a user that never existed is a harmless way to ask whether the endpoint works.
    if (await viaAdminEndpoint(ctx, target, `${PROBE_PREFIX}none`)) return 'admin-endpoint';
    if (ctx.config.db) {
      const open = await openConnection(ctx.config.db, 3000);
      if (open.ok) {
        await open.conn.close();
        return 'database';
      }
    }
    return undefined;
  });
}
