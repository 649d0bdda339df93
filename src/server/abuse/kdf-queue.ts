/**
 * The password KDF's own bounded queue. scrypt must not run on libuv's thread pool, which also
 * runs the embedded store's writes and fsyncs: unbounded, a flood of logins fills all four
 * threads and other users' writes wait behind it. Here at most `concurrency` hashes run at once,
 * each on a worker thread of its own whose OS priority is lowered, so the hashes take only the CPU
 * the server does not need; at most `maxWaiting` callers wait, beyond that they are refused at once.
 */
import { scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { BoundedGate, GateFullError } from '../../async/bounded-gate.js';

/** The queue is full: answer "too many requests" instead of waiting. */
export class KdfBusyError extends Error {
  constructor() {
    super('password hashing is busy');
    this.name = 'KdfBusyError';
  }
}

// Inline (not a file) so it survives bundling. setPriority(0) on Linux renices the calling thread only.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
try { require('node:os').setPriority(0, 10); } catch {}
parentPort.on('message', (m) => {
  try { parentPort.postMessage({ key: scryptSync(m.password, Buffer.from(m.salt), m.keylen, m.options) }); }
  catch (e) { parentPort.postMessage({ error: String(e && e.message) }); }
});`;

/** A worker thread is ended after this long without work (it holds a thread and some memory). */
const IDLE_MS = 10_000;

interface KdfWorker {
  worker: Worker;
  idle?: NodeJS.Timeout;
}

/** The cost of new password hashes in production (16 MiB of memory each, ~40 ms). */
export const DEFAULT_SCRYPT_N = 16384;

/** Runs scrypt with bounded concurrency and a bounded wait list. */
export class KdfQueue {
  readonly #gate: BoundedGate;
  readonly #free: KdfWorker[] = [];
  #workersFailed = false;

  /**
   * `scryptN` is the cost of new hashes (a power of two, at most DEFAULT_SCRYPT_N); rows keep the
   * cost they were made with, so lowering it never locks anyone out.
   */
  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
    readonly scryptN: number = DEFAULT_SCRYPT_N,
  ) {
    if (!Number.isInteger(Math.log2(scryptN)) || scryptN < 2 || scryptN > DEFAULT_SCRYPT_N)
      throw new RangeError(`scrypt N must be a power of two from 2 to ${DEFAULT_SCRYPT_N}, not ${scryptN}`);
    this.#gate = new BoundedGate(Math.max(1, concurrency), maxWaiting);
  }

  /** scrypt(password, salt) on the queue. */
  scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
    return this.run(() => this.#hash(password, salt, keylen, options));
  }

  /** Runs `work` when a slot is free; throws KdfBusyError when too many already wait. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      await this.#gate.acquire();
    } catch (err) {
      throw err instanceof GateFullError ? new KdfBusyError() : err;
    }
    try {
      return await work();
    } finally {
      this.#gate.release();
    }
  }

  async #hash(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
    const w = this.#take();
    if (!w)
      return new Promise((resolve, reject) =>
        scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
      );
    try {
      let onError: ((e: Error) => void) | undefined;
      const reply = await new Promise<{ key?: Uint8Array; error?: string }>((resolve, reject) => {
        onError = reject;
        w.worker.once('message', resolve);
        w.worker.once('error', reject);
        w.worker.postMessage({ password, salt: new Uint8Array(salt), keylen, options });
      }).finally(() => {
        if (onError) w.worker.off('error', onError);
      });
      if (reply.error !== undefined || !reply.key) throw new Error(reply.error ?? 'scrypt worker gave no key');
      this.#release(w);
      return Buffer.from(reply.key);
    } catch (err) {
      void w.worker.terminate();
      throw err;
    }
  }

  #take(): KdfWorker | undefined {
    const w = this.#free.pop();
    if (w) {
      clearTimeout(w.idle);
      return w;
    }
    if (this.#workersFailed) return undefined;
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      // A worker that dies between jobs must not take the server with it (an unhandled 'error').
      worker.on('error', () => undefined);
      return { worker };
    } catch {
      // No worker threads here (a restricted runtime): the async pool version still works.
      this.#workersFailed = true;
      return undefined;
    }
  }

  #release(w: KdfWorker): void {
    w.idle = setTimeout(() => {
      const i = this.#free.indexOf(w);
      if (i !== -1) this.#free.splice(i, 1);
      void w.worker.terminate();
    }, IDLE_MS);
    w.idle.unref();
    this.#free.push(w);
  }
}
