/**
 * The state a COS emulator holds: key pairs (each belonging to one account/APPID), buckets with
 * region, ACL, CORS rules and objects, and the emulator's clock offset (to play a skewed cloud).
 */

/** A SecretId/SecretKey pair of an account. */
export interface CosKeyPair {
  secretId: string;
  secretKey: string;
  /** The account's APPID: the key can reach buckets ending in -{appId}. */
  appId: number;
  /** Full bucket names this key has no CAM permission for (sub-account without a policy). */
  denyBuckets?: string[];
  /** No cos:GetService: listing the account's buckets answers 403 AccessDenied. */
  denyService?: boolean;
}

/** One CORS rule, as PUT/GET Bucket cors carry it. */
export interface CosCorsRule {
  id?: string;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

/** A stored object. */
export interface CosObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

/** Canned ACLs the emulator understands. */
export type CosAcl = 'private' | 'public-read' | 'public-read-write';

/** A bucket: its full name is `{short}-{appid}`. */
export interface CosBucket {
  name: string;
  region: string;
  acl: CosAcl;
  cors: CosCorsRule[];
  objects: Map<string, CosObject>;
  createdAt: Date;
  /**
   * The COS v4 CDN acceleration domain `{bucket}.file.myqcloud.com` is switched on (off by default, as in the
   * console).
   */
  cdn?: boolean;
}

/** The whole emulated COS. */
export interface CosEmulatorState {
  keys: CosKeyPair[];
  buckets: CosBucket[];
  /** Seconds added to the real clock: the emulated cloud's time (for clock-skew scenarios). */
  clockOffsetSec: number;
}

/** A bucket with defaults filled in. */
export function cosBucket(
  name: string,
  region: string,
  opts: { acl?: CosAcl; cors?: CosCorsRule[]; cdn?: boolean } = {},
): CosBucket {
  return {
    name,
    region,
    acl: opts.acl ?? 'private',
    cors: opts.cors ?? [],
    objects: new Map(),
    createdAt: new Date('2024-01-02T03:04:05Z'),
    ...(opts.cdn ? { cdn: true } : {}),
  };
}

/** The CORS rule the Mini LVB web/mini-program uploads need (any origin, GET/PUT/POST/HEAD, ETag exposed). */
export function appCorsRule(): CosCorsRule {
  return {
    id: 'minilvb',
    allowedOrigins: ['*'],
    allowedMethods: ['GET', 'PUT', 'POST', 'HEAD'],
    allowedHeaders: ['*'],
    exposeHeaders: ['ETag', 'Content-Length', 'x-cos-request-id'],
    maxAgeSeconds: 600,
  };
}

/** The APPID of a full bucket name (the part after the last `-`), or undefined. */
export function bucketAppId(name: string): number | undefined {
  const m = /-(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}
