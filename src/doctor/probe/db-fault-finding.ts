/** The finding for a database fault the bundled server reported about itself. */
import { fail, skip, type CheckContext, type CheckOutcome } from '../check.js';
import { describeDbFault, faultFromReply, serverDbState, tableIn, type ServerDbFault } from './server-db-state.js';
import type { ServerTarget } from './server-target.js';

/** The finding for a database fault the server reported (also used by the callback/app checks). */
export function dbFaultOutcome(f: ServerDbFault, where: string): CheckOutcome {
  const evidence = {
    where,
    reason: f.reason,
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.cause ? { cause: f.cause } : {}),
    ...(f.table ? { table: f.table } : {}),
  };
  const said = describeDbFault(f);
  if (f.faqId === 'VOD-DB-TABLES') {
    return fail({
      summary: `the server's database lacks ${f.table ? `the table ${f.table}` : 'a table'} (${said})`,
      cause:
        'createDB.sh or minilvb db provision never ran completely on the ' +
        'database the server uses, or a table was dropped or renamed',
      fix: {
        text: "Create the missing tables without dropping anything, with the server's database settings.",
        commands: ['minilvb db migrate', 'minilvb db verify'],
      },
      faqId: 'VOD-DB-TABLES',
      evidence,
    });
  }
  if (f.faqId === 'VOD-DB-WRITE') {
    return fail({
      summary: `the server cannot write to its database (${said})`,
      cause: 'a statement of the server fails: a changed schema, strict mode, or a full disk',
      fix: {
        text: 'Compare the schema with the expected one and read the server log for the failing statement.',
        commands: ['minilvb db verify'],
      },
      faqId: 'VOD-DB-WRITE',
      evidence,
    });
  }
  return fail({
    summary: `the server cannot use its database (${said})`,
    cause:
      "the server's DB settings (db.* in its env file / [DB] of " +
      'conf/cdn.route.ini) do not reach or log in to the database, or the ' +
      'database is down; every app call answers 500 and callbacks 503',
    fix: {
      text:
        "Start the database, or make the server's DB host/port/user/password " +
        'match it (run minilvb db provision, then minilvb generate), then ' +
        'restart the server.',
      commands: ['minilvb db status', 'systemctl status mariadb mysql'],
    },
    faqId: 'DB-ACCESS',
    evidence,
  });
}

/**
 * A server error on a probe (5xx, or an envelope/callback code meaning "not stored") explained by
 * the database: skipped when server.database already reported it, else the fault the reply's
 * message, /readyz or database.schema name. Undefined when nothing points at the database.
 */
export async function serverDbFailure(
  ctx: CheckContext,
  target: ServerTarget,
  body: string,
  what: string,
): Promise<CheckOutcome | undefined> {
  const own = ctx.result('server.database');
  if (own?.status === 'fail')
    return skip(`the server cannot use its database (see server.database: ${own.summary})`, {
      evidence: { blockedBy: 'server.database' },
    });
  const fromReply = faultFromReply(body);
  // The most specific account first: the server's own kind/table, then /readyz, then the schema doctor read.
  if (fromReply && (fromReply.kind !== undefined || fromReply.table !== undefined))
    return dbFaultOutcome(fromReply, what);
  const state = await serverDbState(ctx, target);
  if (state.state === 'fault') return dbFaultOutcome(state.fault, what);
  const schema = ctx.result('database.schema');
  if (schema?.status === 'fail' && (schema.faqId === 'VOD-DB-TABLES' || schema.faqId === 'VOD-DB-WRITE')) {
    const table = tableIn(schema.summary);
    return dbFaultOutcome(
      { faqId: schema.faqId, reason: `database.schema: ${schema.summary}`, ...(table ? { table } : {}) },
      what,
    );
  }
  if (fromReply) return dbFaultOutcome(fromReply, what);
  return undefined;
}
