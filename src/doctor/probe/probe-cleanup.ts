/**
 * Removes the probe user and its rows after the run. The bundled server offers an authenticated
 * admin endpoint for it; otherwise doctor deletes the rows itself when it has the server's
 * database credentials. Only user ids with the probe prefix are ever touched.
 */
import type { CheckContext } from '../check.js';
import { PROBE_PREFIX } from './app-client.js';
import { openConnection } from './db-probe.js';
import { httpRequest } from './http.js';
import type { ServerTarget } from './server-target.js';

const PROBE_TABLES = ['tb_vod', 'tb_room', 'minilvb_session', 'tb_account'] as const;

/** Registers the clean-up of one probe user (idempotent per user). */
export function cleanupProbeUser(ctx: CheckContext, target: ServerTarget, userid: string): void {
  if (!userid.startsWith(PROBE_PREFIX)) return;
  ctx.defer(`remove probe user ${userid}`, async () => {
    if (await viaAdminEndpoint(ctx, target, userid)) return;
    const db = ctx.config.db;
    if (!db) throw new Error(`no way to remove it: set server.adminToken (bundled server) or db.* (database access); manual SQL: ${manualSql(userid)}`);
    const open = await openConnection(db);
    if (!open.ok) throw new Error(`cannot connect to the database to remove it (${open.driverCode}); manual SQL: ${manualSql(userid)}`);
    try {
      for (const table of PROBE_TABLES) {
        try {
          await open.conn.exec(`DELETE FROM ${open.conn.escapeId(table)} WHERE userid = ?`, [userid]);
        } catch {
          // A missing minilvb_session table (PHP database) is fine: nothing to delete there.
        }
      }
    } finally {
      await open.conn.close();
    }
  });
}

async function viaAdminEndpoint(ctx: CheckContext, target: ServerTarget, userid: string): Promise<boolean> {
  const token = ctx.config.server.adminToken;
  if (!token) return false;
  try {
    const answer = await httpRequest(`${target.origin}/minilvb/cleanup-probe`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userid }),
      timeoutMs: 3000,
      ...(ctx.inputs.tlsCa ? { ca: ctx.inputs.tlsCa } : {}),
    });
    return answer.status === 200;
  } catch {
    return false;
  }
}

function manualSql(userid: string): string {
  return PROBE_TABLES.map((t) => `DELETE FROM ${t} WHERE userid='${userid}';`).join(' ');
}

/** Whether the probe rows can be removed afterwards (doctor must not leave a fake replay in a real list). */
export function cleanupAvailable(ctx: CheckContext, target: ServerTarget): Promise<'database' | 'admin-endpoint' | undefined> {
  return ctx.memo(`cleanup:available:${target.origin}`, async () => {
    if (ctx.config.db) {
      const open = await openConnection(ctx.config.db, 3000);
      if (open.ok) {
        await open.conn.close();
        return 'database';
      }
    }
    return (await viaAdminEndpoint(ctx, target, `${PROBE_PREFIX}none`)) ? 'admin-endpoint' : undefined;
  });
}
