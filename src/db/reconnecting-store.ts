/**
 * A Store that exists before its database does: `serve` must start with the database down,
 * refusing the login, missing, or on an old schema, and heal by itself once that is fixed. Until
 * the first successful open every call fails at once with StoreUnavailableError carrying the last
 * cause (so app calls answer the database error, callbacks 503 and /readyz names the cause);
 * opening is retried in the background with exponential backoff. Once open, calls go straight to
 * the real store (whose pool reconnects by itself).
 */
import { Backoff, type BackoffLimits } from '../async/backoff.js';
import { MinilvbError } from '../errors.js';
import { StoreUnavailableError } from './errors.js';
import type { Store, StoreKind } from './store.js';
import type { RoomServiceStore } from './roomservice-store.js';

/** The store plus what its first open attempt found. */
export interface ReconnectingStore {
  store: Store;
  /** Resolves after the first attempt: undefined when the store is open, else why it is not. */
  firstAttempt: Promise<StoreUnavailableError | undefined>;
}

const DEFAULT_BACKOFF: BackoffLimits = { minMs: 500, maxMs: 5_000 };

export function reconnectingStore(
  kind: StoreKind,
  open: () => Promise<Store>,
  limits: BackoffLimits = DEFAULT_BACKOFF,
): ReconnectingStore {
  let current: Store | undefined;
  let lastError: StoreUnavailableError = new StoreUnavailableError('The database has not been opened yet.');
  let attempt: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const backoff = new Backoff(limits);

  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => void tryOpen(), backoff.next());
    timer.unref();
  };
  const tryOpen = (): Promise<void> => {
    attempt ??= (async () => {
      try {
        const s = await open();
        if (closed) await s.close();
        else current = s;
      } catch (err) {
        lastError = asUnavailable(err);
        schedule();
      } finally {
        attempt = undefined;
      }
    })();
    return attempt;
  };
  const fail = async (): Promise<never> => {
    throw lastError;
  };

  const roomService = new Proxy({} as RoomServiceStore, {
    get(_target, prop) {
      return (...args: unknown[]): unknown => {
        const target = current?.roomService;
        if (!target) return fail();
        return (Reflect.get(target, prop) as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const store = new Proxy({} as Store, {
    get(_target, prop) {
      if (prop === 'kind') return kind;
      // RoomService tables are the database's too: forward each call to the open store, or fail like the rest.
      if (prop === 'roomService') return kind === 'mysql' ? roomService : undefined;
      if (prop === 'close') {
        return async () => {
          closed = true;
          clearTimeout(timer);
          await attempt;
          await current?.close();
        };
      }
      if (current) {
        const value: unknown = Reflect.get(current, prop);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
      }
      // Not thenable (`await store` must not find a then()), and no warnings before an open.
      if (prop === 'then' || prop === 'openWarnings') return undefined;
      return fail;
    },
  });
  return { store, firstAttempt: tryOpen().then(() => (current ? undefined : lastError)) };
}

/** Every reason the store cannot open is served as an outage (kind from outage.ts), never a crash. */
function asUnavailable(err: unknown): StoreUnavailableError {
  if (err instanceof StoreUnavailableError) return err;
  const code = err instanceof MinilvbError ? err.code : 'MLVB_INTERNAL';
  const details = err instanceof MinilvbError ? err.details : undefined;
  return new StoreUnavailableError(err instanceof Error ? err.message : String(err), {
    details: { ...details, errorCode: code },
    ...(err instanceof MinilvbError && err.hint ? { hint: err.hint } : {}),
    cause: err,
  });
}
