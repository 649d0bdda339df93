/** Driver errors become StoreUnavailableError (outage) or StoreQueryError (statement), without the password. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { isUnavailable, toStoreError } from '../../src/db/mysql/pool.js';
import { StoreQueryError, StoreUnavailableError } from '../../src/db/store.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';

const err = (code: string, message = code, fatal = false): Error => Object.assign(new Error(message), { code, fatal });

describe('store error mapping', () => {
  it('classifies connection-level failures as unavailable', () => {
    for (const code of [
      'ECONNREFUSED',
      'PROTOCOL_CONNECTION_LOST',
      'ETIMEDOUT',
      'ER_ACCESS_DENIED_ERROR',
      'ER_LOCK_WAIT_TIMEOUT',
      'ER_CON_COUNT_ERROR',
    ]) {
      assert.ok(toStoreError(err(code), {}, 'u@h:1/db') instanceof StoreUnavailableError, code);
    }
    assert.ok(isUnavailable(new Error('Pool is closed.')));
    assert.ok(isUnavailable(err('ER_SOMETHING', 'x', true)), 'fatal errors too');
  });

  it('classifies statement errors as query errors with the driver code', () => {
    const e = toStoreError(err('ER_DATA_TOO_LONG', "Data too long for column 'nickname' at row 1"), {}, 'u@h:1/db');
    assert.ok(e instanceof StoreQueryError);
    assert.equal(e.code, 'MLVB_DB_QUERY');
    assert.deepEqual(e.details, { driverCode: 'ER_DATA_TOO_LONG' });
    assert.match(e.message, /u@h:1\/db.*Data too long.*ER_DATA_TOO_LONG/);
  });

  it('never repeats the password', () => {
    const e = toStoreError(
      err('ER_PARSE_ERROR', `near '${TEST_SECRETS.dbPassword}'`),
      { password: TEST_SECRETS.dbPassword },
      'u@h:1/db',
    );
    assert.ok(!e.message.includes(TEST_SECRETS.dbPassword));
    assert.ok(!String((e.cause as Error).message).includes(TEST_SECRETS.dbPassword));
  });
});
