/** Tokens and password storage (docs/app-protocol.md#d3, #d5). */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { KdfQueue } from '../../src/server/abuse/kdf-queue.js';
import { checkPassword, hashPassword, newToken, storedPassword } from '../../src/server/credentials.js';

describe('credentials', () => {
  it('tokens are 128-bit lowercase hex and distinct', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newToken()));
    assert.equal(seen.size, 200);
    for (const t of seen) assert.match(t, /^[0-9a-f]{32}$/);
  });

  it('scrypt storage: format, verify, wrong password, salted', async () => {
    const client = '1cd7c7346932189a53b2b9e5284e5ea4';
    const a = await hashPassword(client);
    const b = await hashPassword(client);
    assert.match(a, /^\$scrypt\$N=16384,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.ok(a.length <= 255);
    assert.notEqual(a, b);
    assert.deepEqual(await checkPassword(a, client, 'kdf'), { ok: true });
    assert.deepEqual(await checkPassword(a, `${client.slice(0, -1)}5`, 'kdf'), { ok: false });
    assert.deepEqual(await checkPassword(null, client, 'kdf'), { ok: false });
    assert.deepEqual(await checkPassword('$scrypt$N=1048576,r=8,p=1$AAAA$BBBB', client, 'kdf'), { ok: false });
  });

  it('a lower cost is stored in the row, verified by any server, and bounded', async () => {
    const client = '1cd7c7346932189a53b2b9e5284e5ea4';
    const cheap = await hashPassword(client, new KdfQueue(1, 10, 1024));
    assert.match(cheap, /^\$scrypt\$N=1024,r=8,p=1\$/);
    assert.deepEqual(await checkPassword(cheap, client, 'kdf'), { ok: true });
    assert.deepEqual(await checkPassword(cheap, `${client.slice(0, -1)}5`, 'kdf'), { ok: false });
    for (const n of [1000, 1, 32768]) assert.throws(() => new KdfQueue(1, 10, n), /power of two from 2 to 16384/);
  });

  it('legacy rows: compared as is, upgraded in kdf mode, kept in legacy mode', async () => {
    const client = '1cd7c7346932189a53b2b9e5284e5ea4';
    const up = await checkPassword(client, client, 'kdf');
    assert.equal(up.ok, true);
    assert.match(up.upgrade ?? '', /^\$scrypt\$/);
    assert.deepEqual(await checkPassword(client, client, 'legacy'), { ok: true });
    assert.deepEqual(await checkPassword(client, client.toUpperCase(), 'kdf'), { ok: false });
    assert.equal(await storedPassword(client, 'legacy'), client);
  });
});
