/**
 * The one result shape of every cloud adapter: success with typed data, or a failure that keeps
 * the cloud's own error code and request id, and names a network fault when there was no answer.
 * Adapters never throw SDK errors; callers switch on `ok`.
 */

/** Why no (usable) answer came back. */
export type NetworkFault = 'ECONNREFUSED' | 'ENOTFOUND' | 'ETIMEDOUT' | 'ECONNRESET' | 'TLS' | 'OTHER';

/** A failed cloud call. */
export interface CloudFailure {
  ok: false;
  /** The cloud's code (`NoSuchBucket`, `AuthFailure.SignatureFailure`, `70009`), or a network/parse code. */
  code: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
  /** Set when the request got no HTTP answer. */
  network?: NetworkFault;
  /** Set when the answer was not the documented XML/JSON. */
  malformed?: boolean;
  /** The server's Date header, when an answer came. */
  serverDate?: string;
}

/** A successful cloud call: the typed data plus the request id. */
export type CloudSuccess<T> = { ok: true; requestId?: string; serverDate?: string } & T;

/** Either outcome of a cloud call. */
export type CloudResult<T> = CloudSuccess<T> | CloudFailure;

/** The default per-call timeout of the adapters, ms. */
export const DEFAULT_CLOUD_TIMEOUT_MS = 8000;

const NETWORK_PATTERNS: Array<[RegExp, NetworkFault]> = [
  [/ECONNREFUSED/, 'ECONNREFUSED'],
  [/ENOTFOUND|EAI_AGAIN|EAI_NONAME|getaddrinfo/, 'ENOTFOUND'],
  [/ETIMEDOUT|ESOCKETTIMEDOUT|network timeout|timed out|TimeoutError|aborted due to timeout/i, 'ETIMEDOUT'],
  [/ECONNRESET|socket hang up|EPIPE|other side closed|UND_ERR_SOCKET/, 'ECONNRESET'],
  [/CERT_|certificate|SSL|TLS|self[- ]signed|ERR_TLS|EPROTO/i, 'TLS'],
];

/** Classifies an error code or message as a network fault, or undefined when it is not one. */
export function networkFault(text: string): NetworkFault | undefined {
  for (const [re, kind] of NETWORK_PATTERNS) if (re.test(text)) return kind;
  return undefined;
}

/** Text of an error and its `cause` chain (fetch hides the socket error in `cause`). */
export function errorText(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 4 && cur !== undefined && cur !== null; i += 1) {
    if (typeof cur === 'object') {
      const o = cur as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
      for (const v of [o.name, o.code, o.message]) {
        if (typeof v === 'string' && v !== '' && v !== 'Error' && !parts.includes(v)) parts.push(v);
      }
      cur = o.cause;
    } else {
      parts.push(String(cur));
      cur = undefined;
    }
  }
  return parts.join(': ');
}

/** A failure for a request that got no answer. */
export function networkFailure(err: unknown, what: string): CloudFailure {
  const text = errorText(err);
  const kind = networkFault(text) ?? 'OTHER';
  return {
    ok: false,
    code: kind === 'OTHER' ? 'NetworkError' : kind,
    message: `${what}: ${text || 'no answer'}`,
    network: kind,
  };
}

/** A failure for an answer that is not the documented format. */
export function malformedFailure(what: string, detail: string, httpStatus?: number): CloudFailure {
  return {
    ok: false,
    code: 'MalformedResponse',
    message: `${what} answered something that is not its documented format: ${detail}`,
    malformed: true,
    ...(httpStatus === undefined ? {} : { httpStatus }),
  };
}

/** Races a promise against a timeout; the timeout becomes an ETIMEDOUT failure, never a hang. */
export async function withTimeout<T>(work: Promise<CloudResult<T>>, ms: number, what: string): Promise<CloudResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CloudFailure>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({ ok: false, code: 'ETIMEDOUT', message: `${what}: no answer within ${ms} ms`, network: 'ETIMEDOUT' }),
      ms,
    );
    timer.unref?.();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
