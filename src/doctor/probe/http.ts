/**
 * A small HTTP(S) client for probes, on node:http(s) rather than fetch, because doctor needs what
 * fetch hides: the exact network failure (DNS, refused, TLS reason), a custom CA for private
 * certificates, and a bounded body. Every request has a timeout and honours an AbortSignal.
 */
import { request as httpRequestRaw, type IncomingMessage } from 'node:http';
import { request as httpsRequestRaw } from 'node:https';

/** What a probe got back. */
export interface HttpAnswer {
  url: string;
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
  /** True when the body was cut at maxBytes. */
  truncated: boolean;
}

/** Why a request failed below HTTP. */
export type NetFailure = 'dns' | 'refused' | 'timeout' | 'tls' | 'reset' | 'unreachable' | 'aborted' | 'other';

/** A request that got no HTTP answer, with the kind of failure and the system code. */
export class ProbeError extends Error {
  readonly kind: NetFailure;
  readonly code: string;
  constructor(kind: NetFailure, code: string, message: string) {
    super(message);
    this.name = 'ProbeError';
    this.kind = kind;
    this.code = code;
  }
}

/** Options of httpRequest. */
export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra trusted CA certificates (PEM). */
  ca?: string;
  maxBytes?: number;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|HOSTNAME|EPROTO/i;

export function classify(err: unknown): ProbeError {
  if (err instanceof ProbeError) return err;
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = String(e?.code ?? e?.name ?? 'UNKNOWN');
  const msg = e?.message ?? String(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME')
    return new ProbeError('dns', code, msg);
  if (code === 'ECONNREFUSED') return new ProbeError('refused', code, msg);
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'TimeoutError')
    return new ProbeError('timeout', code, msg);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_'))
    return new ProbeError('reset', code, msg);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL')
    return new ProbeError('unreachable', code, msg);
  if (code === 'AbortError' || code === 'ABORT_ERR') return new ProbeError('aborted', code, msg);
  if (TLS_CODES.test(code)) return new ProbeError('tls', code, msg);
  return new ProbeError('other', code, msg);
}

export function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new ProbeError('other', 'ERR_INVALID_URL', `${url} is not a URL`));
      return;
    }
    if (options.signal?.aborted) {
      reject(new ProbeError('aborted', 'ABORT_ERR', 'aborted'));
      return;
    }
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers: Record<string, string> = {
      'user-agent': 'minilvb-doctor',
      connection: 'close',
      ...(options.headers ?? {}),
    };
    if (body) headers['content-length'] = String(body.length);
    const send = parsed.protocol === 'https:' ? httpsRequestRaw : httpRequestRaw;
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      reject(new ProbeError('other', 'ERR_PROTOCOL', `${parsed.protocol} is not http or https`));
      return;
    }
    let settled = false;
    const done = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const req = send(
      parsed,
      { method: options.method ?? 'GET', headers, ...(options.ca ? { ca: options.ca } : {}), agent: false },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (c: Buffer) => {
          if (size >= maxBytes) {
            truncated = true;
            res.destroy();
            return;
          }
          chunks.push(c);
          size += c.length;
        });
        const finish = (): void =>
          done(() =>
            resolve({
              url,
              status: res.statusCode ?? 0,
              headers: flatten(res.headers),
              body: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'),
              truncated: truncated || size > maxBytes,
            }),
          );
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', (e) => (truncated ? finish() : done(() => reject(classify(e)))));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done(() => reject(new ProbeError('timeout', 'ETIMEDOUT', `no answer within ${timeoutMs} ms`)));
    }, timeoutMs);
    const onAbort = (): void => {
      req.destroy();
      done(() => reject(new ProbeError('aborted', 'ABORT_ERR', 'aborted')));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => done(() => reject(classify(e))));
    req.end(body);
  });
}

function flatten(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Parses a JSON object body, or undefined when it is not one. */
export function jsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(body) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A short, printable excerpt of a body (first line, at most 120 characters). */
export function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
