/**
 * The password KDF's own bounded queue. scrypt runs on libuv's thread pool, which also runs the
 * embedded store's writes and fsyncs; unbounded, a flood of logins fills all four threads and
 * other users' writes wait behind it. At most `concurrency` hashes run at once, at most `maxWaiting`
 * wait; beyond that the caller is refused at once instead of queueing without end.
 */

/** The queue is full: answer "too many requests" instead of waiting. */
export class KdfBusyError extends Error {
  constructor() {
    super('password hashing is busy');
    this.name = 'KdfBusyError';
  }
}

/** Runs KDF work with bounded concurrency and a bounded wait list. */
export class KdfQueue {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly concurrency: number, readonly maxWaiting: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= Math.max(1, this.concurrency)) {
      if (this.#waiting.length >= this.maxWaiting) throw new KdfBusyError();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter, so `#running` never drops and rises again.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}
