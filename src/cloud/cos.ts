/**
 * COS adapter over cos-nodejs-sdk-v5 (loaded lazily). Every call has a timeout and returns a
 * CloudResult. `cloud.cosEndpoint` (host:port) sends requests there over http with the real
 * bucket Host header, which is how tests reach the emulator (docs/cloud-apis.md#cos-sdk-and-emulators).
 */
import type { MinilvbConfig } from '../config/index.js';
import { cosAuthorization, cosSdkSignsHeader } from '../sign/index.js';
import { anonymousGet, type AnonymousGetData } from './cos-anonymous.js';
import {
  callSdk,
  cosFailure,
  dateOf,
  loadCosSdk,
  type CosSdk,
  type CosSdkCallback,
  type CosSdkOptions,
} from './cos-sdk.js';
import { DEFAULT_CLOUD_TIMEOUT_MS, malformedFailure, withTimeout, type CloudResult } from './result.js';

/** How to reach and sign for one bucket. */
export interface CosClientOptions {
  secretId: string;
  /** The SecretKey, or… */
  secretKey?: string;
  /** …a signKey/keyTime pair from /get_cos_sign, used exactly as the app's COS SDK does. */
  signKey?: { signKey: string; keyTime: string };
  appId: number;
  /** Short name, or the full `name-appid`. */
  bucket: string;
  region: string;
  /** host:port override (emulators). */
  endpoint?: string;
  timeoutMs?: number;
}

/** A bucket in GET Service. */
export interface CosBucketInfo {
  name: string;
  location: string;
  creationDate?: string;
}

/** One CORS rule as the SDK returns it. */
export interface CosCorsRuleInfo {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
}

type Empty = Record<never, never>;

/** The operations doctor and the app-flow probe need. */
export interface CosClient {
  /** Full bucket name `name-appid`. */
  readonly bucket: string;
  readonly region: string;
  /** `{bucket}.cos.{region}.myqcloud.com` */
  readonly host: string;
  headBucket(): Promise<CloudResult<Empty>>;
  listBuckets(): Promise<CloudResult<{ buckets: CosBucketInfo[] }>>;
  getBucketAcl(): Promise<CloudResult<{ acl: string; publicRead: boolean; publicWrite: boolean }>>;
  getBucketCors(): Promise<CloudResult<{ rules: CosCorsRuleInfo[] }>>;
  putObject(key: string, body: Buffer | string, contentType?: string): Promise<CloudResult<{ etag: string }>>;
  getObject(key: string): Promise<CloudResult<{ body: Buffer }>>;
  deleteObject(key: string): Promise<CloudResult<Empty>>;
  /** Unsigned GET of the object's public URL (what the apps do to show an image). */
  anonymousGet(key: string): Promise<CloudResult<AnonymousGetData>>;
  /** PUT Bucket in the client's region with a canned ACL (`cloud apply --create-bucket`). */
  putBucket(acl: 'private' | 'public-read'): Promise<CloudResult<Empty>>;
  putBucketAcl(acl: 'private' | 'public-read'): Promise<CloudResult<Empty>>;
  /** Replaces the whole CORS configuration: pass the existing rules too. */
  putBucketCors(rules: Array<CosCorsRuleInfo & { id?: string; maxAgeSeconds?: number }>): Promise<CloudResult<Empty>>;
}

/** `name-appid`, leaving a name that already ends in `-{appid}` alone. */
export function fullBucketName(bucket: string, appId: number): string {
  return bucket.endsWith(`-${appId}`) ? bucket : `${bucket}-${appId}`;
}

export function cosBucketHost(fullBucket: string, region: string): string {
  return `${fullBucket}.cos.${region}.myqcloud.com`;
}

/** Client options from the config, or the list of missing field paths. */
export function cosOptionsFromConfig(
  config: MinilvbConfig,
  timeoutMs?: number,
): CosClientOptions | { missing: string[] } {
  const { appId, bucket, region, secretId, secretKey } = config.cos;
  const missing = [
    ['cos.appId', appId],
    ['cos.bucket', bucket],
    ['cos.region', region],
    ['cos.secretId', secretId],
    ['cos.secretKey', secretKey],
  ]
    .filter(([, v]) => v === undefined || v === '')
    .map(([k]) => String(k));
  if (missing.length > 0 || appId === undefined || !bucket || !region || !secretId || !secretKey) return { missing };
  return {
    secretId,
    secretKey,
    appId,
    bucket,
    region,
    ...(config.cloud.cosEndpoint ? { endpoint: config.cloud.cosEndpoint } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function list(v: unknown): string[] {
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(str);
}

export async function createCosClient(opts: CosClientOptions): Promise<CosClient> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CLOUD_TIMEOUT_MS;
  const bucket = fullBucketName(opts.bucket, opts.appId);
  const region = opts.region;
  const host = cosBucketHost(bucket, region);
  const COS = await loadCosSdk();
  const sdkOptions: CosSdkOptions = {
    // The SDK retries network errors and 5xx up to 4 times: a quarter of the budget per attempt.
    Timeout: Math.max(500, Math.floor(timeoutMs / 4)),
    KeepAlive: false,
    // We want to see clock skew, not have the SDK silently correct it (and print to stderr).
    CorrectClockSkew: false,
    AutoSwitchHost: false,
    ...(opts.endpoint ? { Ip: opts.endpoint, Protocol: 'http:' } : {}),
  };
  if (opts.signKey) {
    const { signKey, keyTime } = opts.signKey;
    sdkOptions.getAuthorization = (req, cb) => {
      const headers = Object.entries(req.Headers ?? {})
        .filter(([k, v]) => v !== undefined && cosSdkSignsHeader(k))
        .map(([k, v]) => [k, String(v)] as const);
      cb({
        Authorization: cosAuthorization({
          secretId: opts.secretId,
          signKey,
          keyTime,
          method: req.Method,
          pathname: req.Pathname,
          query: req.Query ?? {},
          headers,
        }).authorization,
      });
    };
  } else {
    sdkOptions.SecretId = opts.secretId;
    sdkOptions.SecretKey = opts.secretKey ?? '';
  }
  const sdk: CosSdk = new COS(sdkOptions);
  const target = { Bucket: bucket, Region: region };

  async function call<T>(
    what: string,
    invoke: (cb: CosSdkCallback) => void,
    map: (data: Record<string, unknown>) => CloudResult<T>,
  ): Promise<CloudResult<T>> {
    return withTimeout(
      (async () => {
        const { err, data } = await callSdk(invoke);
        if (err) return cosFailure(err, what);
        const requestId = str(data.RequestId);
        const serverDate = dateOf(data.headers);
        const mapped = map(data);
        return mapped.ok
          ? { ...mapped, ...(requestId ? { requestId } : {}), ...(serverDate ? { serverDate } : {}) }
          : mapped;
      })(),
      timeoutMs + 500,
      what,
    );
  }

  return {
    bucket,
    region,
    host,
    headBucket: () =>
      call(
        'HEAD Bucket',
        (cb) => sdk.headBucket(target, cb),
        () => ({ ok: true }),
      ),
    listBuckets: () =>
      call(
        'GET Service',
        (cb) => sdk.getService({}, cb),
        (data) => {
          const raw = Array.isArray(data.Buckets) ? data.Buckets : [];
          const buckets = raw.map((b: Record<string, unknown>) => ({
            name: str(b.Name),
            location: str(b.Location),
            creationDate: str(b.CreationDate),
          }));
          if (!Array.isArray(data.Buckets) || buckets.some((b) => b.name === '' || b.location === ''))
            return malformedFailure('GET Service', 'a bucket entry without Name or Location');
          return { ok: true, buckets };
        },
      ),
    getBucketAcl: () =>
      call(
        'GET Bucket acl',
        (cb) => sdk.getBucketAcl(target, cb),
        (data) => {
          const grants = Array.isArray(data.Grants) ? (data.Grants as Array<Record<string, unknown>>) : [];
          const allUsers = (perm: string): boolean =>
            grants.some((g) => str(g.Permission) === perm && /AllUsers/.test(JSON.stringify(g.Grantee ?? '')));
          const acl = str(data.ACL);
          const publicRead =
            acl === 'public-read' || acl === 'public-read-write' || allUsers('READ') || allUsers('FULL_CONTROL');
          const publicWrite = acl === 'public-read-write' || allUsers('WRITE') || allUsers('FULL_CONTROL');
          return { ok: true, acl: acl || (publicRead ? 'public-read' : 'private'), publicRead, publicWrite };
        },
      ),
    getBucketCors: () =>
      call(
        'GET Bucket cors',
        (cb) => sdk.getBucketCors(target, cb),
        (data) => {
          const raw = Array.isArray(data.CORSRules) ? (data.CORSRules as Array<Record<string, unknown>>) : [];
          return {
            ok: true,
            rules: raw.map((r) => ({
              allowedOrigins: list(r.AllowedOrigins),
              allowedMethods: list(r.AllowedMethods).map((m) => m.toUpperCase()),
              allowedHeaders: list(r.AllowedHeaders),
              exposeHeaders: list(r.ExposeHeaders),
            })),
          };
        },
      ),
    putObject: (key, body, contentType) =>
      call(
        'PUT Object',
        (cb) =>
          sdk.putObject(
            {
              ...target,
              Key: key,
              Body: typeof body === 'string' ? Buffer.from(body) : body,
              ...(contentType ? { ContentType: contentType } : {}),
            },
            cb,
          ),
        (data) => ({ ok: true, etag: str(data.ETag) }),
      ),
    getObject: (key) =>
      call(
        'GET Object',
        (cb) => sdk.getObject({ ...target, Key: key }, cb),
        (data) => ({ ok: true, body: Buffer.isBuffer(data.Body) ? data.Body : Buffer.from(str(data.Body)) }),
      ),
    deleteObject: (key) =>
      call(
        'DELETE Object',
        (cb) => sdk.deleteObject({ ...target, Key: key }, cb),
        () => ({ ok: true }),
      ),
    putBucket: (acl) =>
      call(
        'PUT Bucket',
        (cb) => sdk.putBucket({ ...target, ACL: acl }, cb),
        () => ({ ok: true }),
      ),
    putBucketAcl: (acl) =>
      call(
        'PUT Bucket acl',
        (cb) => sdk.putBucketAcl({ ...target, ACL: acl }, cb),
        () => ({ ok: true }),
      ),
    putBucketCors: (rules) =>
      call(
        'PUT Bucket cors',
        (cb) =>
          sdk.putBucketCors(
            {
              ...target,
              CORSRules: rules.map((r) => ({
                ...(r.id ? { ID: r.id } : {}),
                AllowedOrigins: r.allowedOrigins,
                AllowedMethods: r.allowedMethods,
                AllowedHeaders: r.allowedHeaders,
                ExposeHeaders: r.exposeHeaders,
                ...(r.maxAgeSeconds === undefined ? {} : { MaxAgeSeconds: String(r.maxAgeSeconds) }),
              })),
            },
            cb,
          ),
        () => ({ ok: true }),
      ),
    anonymousGet: (key) =>
      withTimeout(
        anonymousGet({ host, key, timeoutMs, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) }),
        timeoutMs + 500,
        'anonymous GET',
      ),
  };
}
