/** src/async: the gate shared by the database pool and the password KDF, and the backoff of reconnects and probes. */
import assert from 'node:assert/strict';
import { describe, it, vi } from 'vitest';
import { Backoff } from '../../src/async/backoff.js';
import { BoundedGate, GateFullError } from '../../src/async/bounded-gate.js';

describe('BoundedGate', () => {
  it('admits `slots` holders, queues up to `queueLimit`, refuses the next at once', async () => {
    const gate = new BoundedGate(1, 1);
    assert.equal(await gate.acquire(), true);
    const queued = gate.acquire();
    await assert.rejects(gate.acquire(), (e) => e instanceof GateFullError && e.queueLimit === 1);
    gate.release();
    assert.equal(await queued, true, 'the released slot goes to the waiter');
  });

  it('a timed wait gives up with false and leaves its place in the queue', async () => {
    vi.useFakeTimers();
    try {
      const gate = new BoundedGate(1, 1);
      await gate.acquire();
      const timed = gate.acquire(50);
      vi.advanceTimersByTime(50);
      assert.equal(await timed, false);
      const next = gate.acquire();
      gate.release();
      assert.equal(await next, true, 'the timed-out waiter no longer holds a place');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Backoff', () => {
  it('doubles from minMs up to maxMs, and reset() starts again', () => {
    const b = new Backoff({ minMs: 250, maxMs: 1_000 });
    assert.deepEqual([b.next(), b.next(), b.next(), b.next()], [250, 500, 1_000, 1_000]);
    b.reset();
    assert.equal(b.next(), 250);
  });
});
