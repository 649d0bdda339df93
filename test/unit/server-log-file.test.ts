/** The size-rotated log file, value caps, the connection cap under an open-files limit, and outage kinds. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { StoreUnavailableError } from '../../src/db/errors.js';
import { outageOf } from '../../src/db/outage.js';
import { MinilvbError } from '../../src/errors.js';
import { effectiveConnectionCap } from '../../src/server/connection-guard.js';
import { MIN_LOG_BYTES, RotatingFile } from '../../src/server/log-file.js';
import { cap, createLogger, MAX_VALUE_CHARS } from '../../src/server/logger.js';

describe('RotatingFile', () => {
  it('rotates before a write would pass maxBytes and keeps only `keep` old files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'minilvb-rot-'));
    const file = join(dir, 'a.log');
    const f = new RotatingFile(file, { maxBytes: MIN_LOG_BYTES, keep: 2 });
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 100; i += 1) f.write(line);
    f.close();
    assert.deepEqual(readdirSync(dir).sort(), ['a.log', 'a.log.1', 'a.log.2']);
    for (const name of readdirSync(dir)) assert.ok(statSync(join(dir, name)).size <= MIN_LOG_BYTES);
    assert.equal(statSync(join(dir, 'a.log.1')).size, MIN_LOG_BYTES, 'a rotated file is full');
  });

  it('keep 0 starts the file over; reopening appends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'minilvb-rot-'));
    const file = join(dir, 'b.log');
    const f = new RotatingFile(file, { maxBytes: 1, keep: 0 });
    assert.equal(f.maxBytes, MIN_LOG_BYTES, 'tiny limits are raised so a batch fits');
    for (let i = 0; i < 40; i += 1) f.write(`${'y'.repeat(1023)}\n`);
    f.close();
    assert.deepEqual(readdirSync(dir), ['b.log']);
    const g = new RotatingFile(file, { maxBytes: MIN_LOG_BYTES, keep: 0 });
    const before = statSync(file).size;
    g.write('z\n');
    g.close();
    assert.equal(statSync(file).size, before + 2);
  });
});

describe('logger value caps', () => {
  it('cuts long values and says how much was left out', () => {
    assert.equal(cap('short'), 'short');
    const long = 'p'.repeat(MAX_VALUE_CHARS + 100);
    assert.equal(cap(long), `${'p'.repeat(MAX_VALUE_CHARS)}…(+100 chars)`);
    let out = '';
    const logger = createLogger({
      stream: {
        write: (c: string) => {
          out += c;
        },
      },
      flushIntervalMs: 0,
    });
    logger.info('m'.repeat(10_000), { path: long, n: 5 });
    const line = JSON.parse(out) as Record<string, unknown>;
    assert.equal(String(line.msg).length, MAX_VALUE_CHARS + '…(+9744 chars)'.length);
    assert.equal(line.path, cap(long));
    assert.equal(line.n, 5);
  });
});

describe('connection cap', () => {
  it('stays under the open-files limit, keeping room for the pool and the log', () => {
    assert.equal(effectiveConnectionCap(4096, 65536), 4096);
    assert.equal(effectiveConnectionCap(4096, 1024), 960);
    assert.equal(effectiveConnectionCap(4096, undefined), 4096);
    assert.equal(effectiveConnectionCap(0, 1024), 1);
  });
});

describe('outage kinds (the /readyz contract)', () => {
  const unavailable = (driverCode: string): StoreUnavailableError =>
    new StoreUnavailableError(`x (${driverCode})`, { details: { driverCode } });
  it('maps driver codes and wrapped schema errors to the documented kinds', () => {
    assert.equal(outageOf(unavailable('ER_ACCESS_DENIED_ERROR')).kind, 'access-denied');
    assert.equal(outageOf(unavailable('ER_DBACCESS_DENIED_ERROR')).kind, 'access-denied');
    assert.equal(outageOf(unavailable('ER_BAD_DB_ERROR')).kind, 'unknown-database');
    assert.equal(outageOf(unavailable('ETIMEDOUT')).kind, 'timeout');
    assert.equal(outageOf(unavailable('MLVB_POOL_BUSY')).kind, 'timeout');
    assert.equal(outageOf(unavailable('ECONNREFUSED')).kind, 'connect');
    assert.equal(outageOf(new MinilvbError('MLVB_DB_SCHEMA', 'old')).kind, 'schema');
    assert.equal(
      outageOf(new StoreUnavailableError('old', { details: { errorCode: 'MLVB_DB_TOO_NEW' } })).kind,
      'schema',
    );
    assert.equal(outageOf(new Error('x\n  y')).cause, 'x y', 'one line');
  });
});
