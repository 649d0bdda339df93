/** The list cache: TTL, invalidation by writes, no stale store after a racing write, shared misses. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { ListCache } from '../../src/db/mysql/list-cache.js';

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('ListCache', () => {
  it('serves repeated reads from memory and shares concurrent misses', async () => {
    const cache = new ListCache(60_000);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return [{ id: loads }];
    };
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    assert.deepEqual([a, b, loads], [[{ id: 1 }], [{ id: 1 }], 1]);
    assert.notEqual(a[0], b[0], 'each caller gets its own row objects');
    assert.deepEqual(await cache.get('k', load), [{ id: 1 }]);
    assert.equal(loads, 1);
  });

  it('forgets everything when a write completes', async () => {
    const cache = new ListCache(60_000);
    let v = 1;
    const load = async () => [{ v }];
    await cache.get('k', load);
    await cache.write(
      (async () => {
        v = 2;
      })(),
    );
    assert.deepEqual(await cache.get('k', load), [{ v: 2 }]);
  });

  it('does not keep a result read while a write was in flight', async () => {
    const cache = new ListCache(60_000);
    const slowRead = deferred<{ v: number }[]>();
    const reading = cache.get('k', () => slowRead.promise);
    const writing = deferred<void>();
    const write = cache.write(writing.promise);
    writing.resolve();
    await write;
    slowRead.resolve([{ v: 1 }]);
    assert.deepEqual(await reading, [{ v: 1 }]);
    assert.deepEqual(await cache.get('k', async () => [{ v: 2 }]), [{ v: 2 }], 'the racing read was not cached');
  });

  it('expires entries after the TTL, and a TTL of 0 disables it', async () => {
    const cache = new ListCache(30);
    let n = 0;
    await cache.get('k', async () => ++n);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(await cache.get('k', async () => ++n), 2);
    const off = new ListCache(0);
    assert.equal(await off.get('k', async () => ++n), 3);
    assert.equal(await off.get('k', async () => ++n), 4);
  });
});
