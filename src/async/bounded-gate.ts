/**
 * A counting gate with a bounded wait list: at most `slots` holders at once, at most `queueLimit`
 * waiting. Both the database pool (a frozen server must not queue requests without end) and the
 * password KDF (a login flood must not starve storage I/O) are guarded by one.
 */

/** The wait list is full: the caller should be refused at once. */
export class GateFullError extends Error {
  constructor(readonly queueLimit: number) {
    super(`${queueLimit} callers are already waiting`);
    this.name = 'GateFullError';
  }
}

export class BoundedGate {
  private active = 0;
  private readonly waiting: Array<(ok: boolean) => void> = [];

  constructor(
    private readonly slots: number,
    private readonly queueLimit: number,
  ) {}

  /**
   * Takes a slot: resolves true once held, false when `waitMs` passed first (then nothing is held).
   * Throws GateFullError when `queueLimit` callers already wait.
   */
  acquire(waitMs = Infinity): Promise<boolean> {
    if (this.active < this.slots) {
      this.active += 1;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= this.queueLimit) return Promise.reject(new GateFullError(this.queueLimit));
    return new Promise((resolve) => {
      const timer = Number.isFinite(waitMs)
        ? setTimeout(() => {
            const i = this.waiting.indexOf(entry);
            if (i >= 0) this.waiting.splice(i, 1);
            resolve(false);
          }, waitMs)
        : undefined;
      const entry = (ok: boolean): void => {
        clearTimeout(timer);
        resolve(ok);
      };
      this.waiting.push(entry);
    });
  }

  /** Hands the slot straight to the next waiter (so the count never drops and rises again), or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next(true);
    else this.active -= 1;
  }
}
