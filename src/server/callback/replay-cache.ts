/**
 * Recently answered callbacks (docs/callbacks.md#c2: a replay cache until `t` passes). The sign covers
 * only `t`, so the key also holds the stream, the event type and, for recordings, the file id and
 * format: two genuine events signed in the same second (the mp4 and hls of one recording) are not
 * replays of each other. A replay, or a Tencent retry of an answered event, gets the first answer
 * without running again; an answer that asks for a retry (5xx) is not kept.
 */
import type { Clock } from '../../time/clock.js';

interface Entry<R> {
  expiresMs: number;
  reply: Promise<R>;
}

/** Answers by callback identity, kept until the callback's `t` is too old to be accepted anyway. */
export class ReplayCache<R extends { status: number } = { status: number }> {
  readonly #entries = new Map<string, Entry<R>>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries = 100_000,
  ) {}

  /** Runs `work` once per key; `replay` is true when the answer is a remembered one. */
  async run(key: string, expiresMs: number, work: () => Promise<R>): Promise<{ reply: R; replay: boolean }> {
    const now = this.clock.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expiresMs > now) return { reply: await hit.reply, replay: true };
    this.#prune(now);
    const entry: Entry<R> = { expiresMs, reply: work() };
    this.#entries.set(key, entry);
    const forget = (): void => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    };
    try {
      const reply = await entry.reply;
      if (reply.status !== 200) forget();
      return { reply, replay: false };
    } catch (err) {
      forget();
      throw err;
    }
  }

  #prune(now: number): void {
    if (this.#entries.size < this.maxEntries) return;
    for (const [k, e] of this.#entries) if (e.expiresMs <= now) this.#entries.delete(k);
    for (const k of this.#entries.keys()) {
      if (this.#entries.size < this.maxEntries) break;
      this.#entries.delete(k);
    }
  }
}
