/**
 * Reading the bundled server's own database verdict: /readyz bodies (today's and the `kind`/`cause` contract) and 5xx
 * messages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { faultFromReply, parseReadiness, tableIn } from '../../src/doctor/probe/server-db-state.js';

const unavailable = (extra: Record<string, unknown>): string =>
  JSON.stringify({ status: 'unavailable', store: 'mysql', reason: 'database unavailable', ...extra });

describe('parseReadiness', () => {
  it('ready', () => {
    assert.deepEqual(parseReadiness(200, '{"status":"ready","store":"mysql"}'), { state: 'ready' });
  });

  it("today's body (no kind, no cause) is a connection-level fault: DB-ACCESS", () => {
    assert.deepEqual(parseReadiness(503, unavailable({})), {
      state: 'fault',
      fault: { faqId: 'DB-ACCESS', reason: 'database unavailable' },
    });
  });

  it('maps every kind of the contract', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['access-denied', 'DB-ACCESS', undefined],
      ['unknown-database', 'DB-ACCESS', undefined],
      ['connect', 'DB-ACCESS', undefined],
      ['timeout', 'DB-ACCESS', undefined],
      ['schema', 'VOD-DB-TABLES', 'tb_vod'],
      ['disk-full', 'VOD-DB-WRITE', undefined],
    ];
    for (const [kind, faqId, table] of cases) {
      const cause = kind === 'schema' ? "Table 'live_demo.tb_vod' doesn't exist" : `cause of ${kind}`;
      const s = parseReadiness(503, unavailable({ kind, cause }));
      assert.equal(s.state, 'fault');
      if (s.state !== 'fault') continue;
      assert.equal(s.fault.faqId, faqId, kind);
      assert.equal(s.fault.kind, kind);
      assert.equal(s.fault.cause, cause);
      assert.equal(s.fault.table, table, kind);
    }
  });

  it('a cause without kind is read from its text', () => {
    const s = parseReadiness(503, unavailable({ cause: 'missing table minilvb_session' }));
    assert.ok(s.state === 'fault' && s.fault.faqId === 'VOD-DB-TABLES' && s.fault.table === 'minilvb_session');
  });

  it('no readiness endpoint (a PHP server or a proxy page) is unknown, not a fault', () => {
    assert.equal(parseReadiness(404, '<html>404 Not Found</html>').state, 'unknown');
    assert.equal(parseReadiness(200, '{"code":400,"message":"Bad Request","data":[]}').state, 'unknown');
  });
});

describe('faultFromReply and tableIn', () => {
  it('a 5xx message naming the database', () => {
    assert.equal(
      faultFromReply('{"code":500,"message":"database unavailable: Access denied for user"}')?.faqId,
      'DB-ACCESS',
    );
    assert.deepEqual(
      faultFromReply('{"code":2003,"message":"database statement failed: Table \'x.tb_room\' doesn\'t exist"}'),
      {
        faqId: 'VOD-DB-TABLES',
        reason: "database statement failed: Table 'x.tb_room' doesn't exist",
        table: 'tb_room',
      },
    );
    assert.equal(faultFromReply('{"code":2003}'), undefined);
    assert.equal(faultFromReply('{"code":500,"message":"Internal Server Error"}'), undefined);
  });

  it('tableIn', () => {
    assert.equal(tableIn('missing table tb_vod'), 'tb_vod');
    assert.equal(tableIn("Table 'live_demo.tb_account' doesn't exist"), 'tb_account');
    assert.equal(tableIn('nothing here'), undefined);
  });
});
