/**
 * The slice of cos-nodejs-sdk-v5 minilvb uses, typed, and the translation of its errors into
 * CloudFailure (docs/cloud-apis.md#cos-sdk-and-emulators): XML errors keep Code, Message and RequestId; HEAD errors
 * have only the status; network errors have no status.
 */
import { createRequire } from 'node:module';
import { malformedFailure, networkFailure, networkFault, type CloudFailure } from './result.js';

/** What the SDK hands to callbacks on failure. */
export interface CosSdkError {
  code?: string;
  message?: string;
  statusCode?: number;
  headers?: Record<string, string | undefined>;
  error?: { Code?: string; Message?: string; RequestId?: string; TraceId?: string } | string;
}

/** A node-style SDK callback. */
export type CosSdkCallback = (err: CosSdkError | null, data: Record<string, unknown>) => void;

/** The SDK instance methods we call. */
export interface CosSdk {
  headBucket(params: object, cb: CosSdkCallback): void;
  getService(params: object, cb: CosSdkCallback): void;
  getBucketAcl(params: object, cb: CosSdkCallback): void;
  getBucketCors(params: object, cb: CosSdkCallback): void;
  putObject(params: object, cb: CosSdkCallback): void;
  getObject(params: object, cb: CosSdkCallback): void;
  deleteObject(params: object, cb: CosSdkCallback): void;
  putBucket(params: object, cb: CosSdkCallback): void;
  putBucketAcl(params: object, cb: CosSdkCallback): void;
  putBucketCors(params: object, cb: CosSdkCallback): void;
}

/** Arguments the SDK passes to a getAuthorization callback. */
export interface CosAuthRequest {
  Method: string;
  Pathname: string;
  Query?: Record<string, string | number | undefined>;
  Headers?: Record<string, string | number | undefined>;
}

/** Options for the SDK constructor. */
export interface CosSdkOptions {
  SecretId?: string;
  SecretKey?: string;
  getAuthorization?: (opts: CosAuthRequest, cb: (auth: { Authorization: string }) => void) => void;
  Protocol?: string;
  Ip?: string;
  Timeout: number;
  KeepAlive: boolean;
  CorrectClockSkew: boolean;
  AutoSwitchHost: boolean;
}

type CosCtor = new (options: CosSdkOptions) => CosSdk;

let ctor: Promise<CosCtor> | undefined;

/** Loads the SDK on first use only: it is heavy and most commands never touch COS. */
export function loadCosSdk(): Promise<CosCtor> {
  // Required, like the Live SDK (live.ts): CommonJS loads faster through require than through import().
  ctor ??= Promise.resolve().then(() => createRequire(import.meta.url)('cos-nodejs-sdk-v5') as CosCtor);
  return ctor;
}

/** Calls one SDK method and resolves (never rejects) with its data or the raw error. */
export function callSdk(
  fn: (cb: CosSdkCallback) => void,
): Promise<{ err: CosSdkError | null; data: Record<string, unknown> }> {
  return new Promise((resolve) => {
    try {
      fn((err, data) => resolve({ err, data: data ?? {} }));
    } catch (thrown) {
      resolve({
        err: { code: 'SdkError', message: thrown instanceof Error ? thrown.message : String(thrown) },
        data: {},
      });
    }
  });
}

/** The Date header of an answer (for clock-skew checks). */
export function dateOf(headers: unknown): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const d = (headers as Record<string, unknown>).date;
  return typeof d === 'string' ? d : undefined;
}

/** Turns an SDK error into a CloudFailure, keeping the COS code and request id. */
export function cosFailure(err: CosSdkError, what: string): CloudFailure {
  const code = err.code ?? '';
  if (err.statusCode === undefined) {
    if (networkFault(code) !== undefined || networkFault(err.message ?? '') !== undefined)
      return networkFailure(err, what);
    if (/xml|parse/i.test(err.message ?? '')) return malformedFailure(what, err.message ?? '');
    // The SDK validates some parameters itself (e.g. the bucket format) before sending anything.
    if (/Bucket should format/i.test(err.message ?? ''))
      return {
        ok: false,
        code: 'InvalidBucketName',
        message: `${what}: ${err.message ?? ''} (rejected by the SDK before sending)`,
      };
    return {
      ok: false,
      code: code && code !== 'Error' ? code : 'SdkError',
      message: `${what}: ${err.message ?? 'unknown SDK error'}`,
    };
  }
  const body = typeof err.error === 'object' ? err.error : undefined;
  const requestId = body?.RequestId ?? err.headers?.['x-cos-request-id'];
  const serverDate = dateOf(err.headers);
  const out: CloudFailure = {
    ok: false,
    code: body?.Code ?? (code || String(err.statusCode)),
    message: body?.Message ?? err.message ?? `HTTP ${err.statusCode}`,
    httpStatus: err.statusCode,
    ...(requestId ? { requestId } : {}),
    ...(serverDate ? { serverDate } : {}),
  };
  // A 5xx without a COS request id came from something in front of COS (proxy, gateway).
  if (err.statusCode >= 500 && !requestId)
    out.message = `${what}: HTTP ${err.statusCode} ${out.message} (no COS request id: a proxy or gateway answered)`;
  return out;
}
