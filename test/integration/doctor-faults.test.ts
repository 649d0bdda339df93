/** Faults of the server under test: each becomes a finding, never a crash or a hang. */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startFake, startHang, startProxy, type Fake } from '../helpers/broken-deployments.js';
import { startDoctorStack, type DoctorStack } from '../helpers/doctor-stack.js';
import { dumpReport as dump, idsWith, resultOf } from '../helpers/doctor-report.js';

let stack: DoctorStack;
const fakes: Fake[] = [];
const keep = <T extends Fake>(f: T): T => {
  fakes.push(f);
  return f;
};
const SERVER_CHECKS = ['server', 'callback', 'app'];

beforeAll(async () => {
  stack = await startDoctorStack();
});
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  await stack?.close();
  await stack?.mariadb.stop();
});

describe('doctor under faults', () => {
  it('DNS failure (.invalid host) is a finding naming the host', async () => {
    const report = await stack.doctor(
      {},
      { select: SERVER_CHECKS, inputs: { cwd: stack.dir, serverUrl: 'http://mlvb-doctor-test.invalid' } },
    );
    const r = resultOf(report, 'server.reachable');
    assert.equal(r.status, 'fail', dump(report));
    assert.match(r.summary, /mlvb-doctor-test\.invalid does not resolve/);
    assert.equal(r.faqId, 'APP-SERVER-ADDR');
  });

  it('a database host that does not resolve is a database.connect finding', async () => {
    const report = await stack.doctor({ 'db.host': 'mlvb-doctor-db.invalid' }, { select: ['database'] });
    assert.equal(resultOf(report, 'database.connect').status, 'fail', dump(report));
    assert.deepEqual(idsWith(report, 'fail', 'inconclusive', 'error'), ['database.connect']);
  });

  it('a server that accepts connections and never answers ends in a timeout finding, within the limit', async () => {
    const hang = keep(await startHang());
    const t0 = Date.now();
    const report = await stack.doctor(
      {},
      { select: SERVER_CHECKS, timeoutMs: 1500, inputs: { cwd: stack.dir, serverUrl: hang.url } },
    );
    assert.ok(Date.now() - t0 < 8000, 'the run must end soon after the per-check timeout');
    const gen = resultOf(report, 'server.generation');
    assert.ok(gen.status === 'error' || gen.status === 'fail', dump(report));
    assert.match(gen.summary, /did not finish within 1\.5 s|no answer/);
    assert.equal(resultOf(report, 'app.login').status, 'skip');
  });

  it('HTTP 502 from the front is an SRV-PHP finding', async () => {
    const bad = keep(
      await startFake((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
      }),
    );
    const report = await stack.doctor({}, { select: SERVER_CHECKS, inputs: { cwd: stack.dir, serverUrl: bad.url } });
    const gen = resultOf(report, 'server.generation');
    assert.equal(gen.status, 'fail');
    assert.equal(gen.faqId, 'SRV-PHP');
    assert.match(gen.summary, /HTTP 502/);
  });

  it('malformed JSON from /interface.php is "not a Mini LVB server"', async () => {
    const bad = keep(
      await startFake((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"returnValue":40');
      }),
    );
    const report = await stack.doctor({}, { select: SERVER_CHECKS, inputs: { cwd: stack.dir, serverUrl: bad.url } });
    assert.equal(resultOf(report, 'server.generation').status, 'fail');
    assert.equal(resultOf(report, 'server.generation').faqId, 'SRV-GEN');
  });

  it('malformed JSON and HTTP 500 on app endpoints are app findings', async () => {
    const broken = keep(
      await startProxy(stack.server.url, (req, res) => {
        if (req.url === '/login') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":200,"data":{"tok');
          return true;
        }
        return false;
      }),
    );
    const report = await stack.doctor({}, { select: SERVER_CHECKS, inputs: { cwd: stack.dir, serverUrl: broken.url } });
    const login = resultOf(report, 'app.login');
    assert.equal(login.status, 'fail', dump(report));
    assert.match(login.summary, /\/login: HTTP 200, not an envelope/);
    const crashing = keep(
      await startProxy(stack.server.url, (req, res) => {
        if (req.url === '/register') {
          res.writeHead(500, { 'content-type': 'text/html' }).end('<b>Fatal error</b>: Uncaught RedisException');
          return true;
        }
        return false;
      }),
    );
    const report2 = await stack.doctor(
      {},
      { select: SERVER_CHECKS, inputs: { cwd: stack.dir, serverUrl: crashing.url } },
    );
    assert.equal(resultOf(report2, 'app.login').faqId, 'REDIS-DOWN');
  });

  it('SRV-LEAK: a server that serves cdn.route.ini fails server.leak', async () => {
    const leaky = keep(
      await startProxy(stack.server.url, (req, res) => {
        if (req.url === '/conf/cdn.route.ini') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end('[DB]\nHOST=127.0.0.1\nPASSWD=live_pwd\n');
          return true;
        }
        return false;
      }),
    );
    const report = await stack.doctor({}, { select: ['server'], inputs: { cwd: stack.dir, serverUrl: leaky.url } });
    assert.deepEqual(idsWith(report, 'fail', 'inconclusive', 'error'), ['server.leak'], dump(report));
    assert.equal(resultOf(report, 'server.leak').faqId, 'SRV-LEAK');
  });
});
