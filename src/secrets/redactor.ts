import { mask } from './mask.js';

/** Secrets shorter than this are not searched for in free text (too many false hits). */
const MIN_SEARCH_LENGTH = 6;

/**
 * Scrubs known secret values out of anything about to be printed or logged. Output and logs run
 * every string through one of these, so a secret that slips into a message is still masked.
 */
export class Redactor {
  readonly #secrets = new Map<string, string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret (and, for PEM keys, each body line) to be masked. */
  add(secret: string | undefined): this {
    if (!secret) return this;
    const value = secret.trim();
    if (value.length >= MIN_SEARCH_LENGTH) this.#secrets.set(value, mask(value));
    if (value.includes('-----BEGIN')) {
      for (const line of value.split(/\r?\n/)) {
        const body = line.trim();
        if (body.length >= 16 && !body.startsWith('-----')) this.#secrets.set(body, '…');
      }
    }
    return this;
  }

  get size(): number {
    return this.#secrets.size;
  }

  /** Replaces every registered secret in a string by its mask, longest first. */
  redactText(text: string): string {
    if (this.#secrets.size === 0) return text;
    let out = text;
    const ordered = [...this.#secrets.entries()].sort((a, b) => b[0].length - a[0].length);
    for (const [secret, masked] of ordered) {
      if (out.includes(secret)) out = out.split(secret).join(masked);
    }
    return out;
  }

  /** Deep copy of a JSON-like value with every string redacted. */
  redact<T>(value: T): T {
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (Array.isArray(value)) return value.map((v) => this.#walk(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.#walk(v);
      return out;
    }
    return value;
  }
}
