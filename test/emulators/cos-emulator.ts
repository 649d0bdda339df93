/**
 * A COS XML API emulator. The real SDK reaches it with `Ip: '127.0.0.1:PORT'` and sends the real
 * `{bucket}.cos.{region}.myqcloud.com` Host header (signed), so bucket and region come from Host
 * and the v5 signature is verified exactly as COS does (docs/cloud-apis.md#cos-sdk-and-emulators,
 * docs/signing.md#cos-request-signature).
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseCosAuthorization, verifyCosAuthorization } from '../../src/sign/index.js';
import {
  startEmulatorServer,
  type EmulatorOptions,
  type EmulatorReply,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.js';
import {
  bucketAppId,
  cosBucket,
  type CosAcl,
  type CosBucket,
  type CosEmulatorState,
  type CosKeyPair,
} from './cos-emulator-state.js';
import { aclXml, corsXml, errorXml, listBucketsXml, listObjectsXml, parseCorsXml } from './cos-emulator-xml.js';

export type { CosEmulatorState } from './cos-emulator-state.js';

const ALIAS_REGIONS: Record<string, string> = {
  'cn-south': 'ap-guangzhou',
  'cn-south-2': 'ap-guangzhou-2',
  'cn-north': 'ap-beijing-1',
  'cn-east': 'ap-shanghai',
  'cn-southwest': 'ap-chengdu',
  sg: 'ap-singapore',
};

type Target =
  | { kind: 'service'; region?: string }
  | { kind: 'bucket'; bucket: string; region: string }
  | { kind: 'cdn'; bucket: string };

function parseHost(hostHeader: string | undefined): Target | undefined {
  const host = (hostHeader ?? '').toLowerCase().replace(/:\d+$/, '');
  if (host === 'service.cos.myqcloud.com') return { kind: 'service' };
  let m = /^cos\.([a-z0-9-]+)\.myqcloud\.com$/.exec(host);
  if (m) return { kind: 'service', region: m[1] as string };
  m = /^(.+)\.cos\.([a-z0-9-]+)\.myqcloud\.com$/.exec(host);
  if (m) return { kind: 'bucket', bucket: m[1] as string, region: m[2] as string };
  m = /^(.+)\.file\.myqcloud\.com$/.exec(host);
  if (m) return { kind: 'cdn', bucket: m[1] as string };
  m = /^(.+)\.(cn-south-2|cn-south|cn-north|cn-east|cn-southwest|sg)\.myqcloud\.com$/.exec(host);
  if (m) return { kind: 'bucket', bucket: m[1] as string, region: ALIAS_REGIONS[m[2] as string] as string };
  return undefined;
}

const BUCKET_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-\d+$/;

class CosFailure {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly serverTime = false,
  ) {}
}

export async function startCosEmulator(
  state: CosEmulatorState,
  options: EmulatorOptions = {},
): Promise<RunningEmulator<CosEmulatorState>> {
  const nowSec = (): number => Math.floor(Date.now() / 1000) + state.clockOffsetSec;
  const malformed = {
    contentType: 'application/xml',
    body: "<?xml version='1.0' encoding='utf-8' ?>\n<ListAllMyBucketsResult><Owner><ID>qcs::cam::uin/1:uin/1</ID></Owner><Buckets><Bucket><Name>broken",
  };

  return startEmulatorServer(state, options, malformed, (req) => {
    const requestId = randomBytes(18).toString('base64');
    const base: Record<string, string> = {
      Server: 'tencent-cos',
      Date: new Date(nowSec() * 1000).toUTCString(),
      'x-cos-request-id': requestId,
    };
    const target = parseHost(req.headers.host);
    const resource = `${String(req.headers.host ?? '').replace(/:\d+$/, '')}${req.path}`;
    const errorReply = (f: CosFailure): EmulatorReply => ({
      status: f.status,
      headers: { ...base, 'Content-Type': 'application/xml' },
      body: errorXml({
        code: f.code,
        message: f.message,
        resource,
        requestId,
        traceId: randomBytes(24).toString('base64'),
        ...(f.serverTime ? { serverTime: new Date(nowSec() * 1000).toISOString() } : {}),
      }),
    });
    try {
      if (!target) throw new CosFailure(400, 'InvalidURI', `Host ${String(req.headers.host)} is not a COS host.`);
      if (target.kind === 'cdn')
        return { ...cdnReply(req, state, target.bucket), headers: { ...base, 'Content-Type': 'text/html' } };
      const key = authenticate(req, state, nowSec());
      if (target.kind === 'service')
        return {
          ...serviceReply(req, state, key, target.region),
          headers: { ...base, 'Content-Type': 'application/xml' },
        };
      const reply = bucketReply(req, state, key, target.bucket, target.region);
      return { ...reply, headers: { ...base, ...reply.headers } };
    } catch (err) {
      if (err instanceof CosFailure) return errorReply(err);
      throw err;
    }
  });
}

function authorizationOf(req: EmulatorRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header !== '') return header;
  const q = new Map(req.query);
  if (!q.has('q-sign-algorithm')) return undefined;
  return ['q-sign-algorithm', 'q-ak', 'q-sign-time', 'q-key-time', 'q-header-list', 'q-url-param-list', 'q-signature']
    .map((k) => `${k}=${q.get(k) ?? ''}`)
    .join('&');
}

/** The key pair that signed the request, or undefined for an anonymous one; throws COS's auth errors. */
function authenticate(req: EmulatorRequest, state: CosEmulatorState, now: number): CosKeyPair | undefined {
  const authorization = authorizationOf(req);
  if (authorization === undefined) return undefined;
  let parsed;
  try {
    parsed = parseCosAuthorization(authorization);
  } catch {
    throw new CosFailure(403, 'AccessDenied', 'Invalid Authorization: the q-* parameters are incomplete.');
  }
  const key = state.keys.find((k) => k.secretId === parsed.secretId);
  if (!key)
    throw new CosFailure(403, 'InvalidAccessKeyId', 'The Access Key Id you provided does not exist in our records.');
  const [start, end] = parsed.keyTime.split(';').map(Number);
  if (start === undefined || end === undefined || !Number.isFinite(start) || !Number.isFinite(end))
    throw new CosFailure(403, 'AccessDenied', 'Invalid q-key-time.');
  if (now > end) throw new CosFailure(403, 'AccessDenied', 'Request has expired', true);
  if (now < start)
    throw new CosFailure(
      403,
      'RequestTimeTooSkewed',
      "The difference between the request time and the server's time is too large.",
      true,
    );
  const verdict = verifyCosAuthorization({
    authorization,
    secretKey: key.secretKey,
    method: req.method,
    pathname: req.path,
    query: req.query,
    headers: req.headers,
    now,
  });
  if (!verdict.ok)
    throw new CosFailure(
      403,
      verdict.code,
      verdict.code === 'SignatureDoesNotMatch' ? 'The Signature you specified is invalid.' : verdict.message,
    );
  return key;
}

function serviceReply(
  req: EmulatorRequest,
  state: CosEmulatorState,
  key: CosKeyPair | undefined,
  region: string | undefined,
): EmulatorReply {
  if (req.method !== 'GET' || req.path !== '/')
    throw new CosFailure(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  if (!key || key.denyService) throw new CosFailure(403, 'AccessDenied', 'Access Denied.');
  const own = state.buckets.filter(
    (b) => bucketAppId(b.name) === key.appId && (region === undefined || b.region === region),
  );
  return { status: 200, body: listBucketsXml(key.appId, own) };
}

function subresource(req: EmulatorRequest): string | undefined {
  for (const [k] of req.query) if (k === 'acl' || k === 'cors') return k;
  return undefined;
}

function bucketReply(
  req: EmulatorRequest,
  state: CosEmulatorState,
  key: CosKeyPair | undefined,
  name: string,
  region: string,
): EmulatorReply {
  if (!BUCKET_NAME.test(name)) throw new CosFailure(400, 'InvalidBucketName', 'The specified bucket is not valid.');
  if (req.method === 'PUT' && req.path === '/' && subresource(req) === undefined)
    return createBucket(req, state, key, name, region);
  const bucket = state.buckets.find((b) => b.name === name && b.region === region);
  if (!bucket) throw new CosFailure(404, 'NoSuchBucket', 'The specified bucket does not exist.');
  const objectKey = req.path === '/' ? '' : req.path.slice(1);
  const anonymousRead = objectKey !== '' && (req.method === 'GET' || req.method === 'HEAD') && bucket.acl !== 'private';
  const anonymousWrite = objectKey !== '' && req.method === 'PUT' && bucket.acl === 'public-read-write';
  if (!key && !anonymousRead && !anonymousWrite) throw new CosFailure(403, 'AccessDenied', 'Access Denied.');
  if (key && (bucketAppId(name) !== key.appId || (key.denyBuckets ?? []).includes(name)))
    throw new CosFailure(403, 'AccessDenied', 'Access Denied.');
  return objectKey === '' ? bucketOp(req, bucket, key) : objectOp(req, bucket, objectKey);
}

/** The account's bucket quota (docs/cloud-apis.md#buckets-and-regions). */
const BUCKET_LIMIT = 200;

/** PUT Bucket: names are global, so an existing name answers 409 whoever owns it. */
function createBucket(
  req: EmulatorRequest,
  state: CosEmulatorState,
  key: CosKeyPair | undefined,
  name: string,
  region: string,
): EmulatorReply {
  if (!key || bucketAppId(name) !== key.appId || (key.denyBuckets ?? []).includes(name))
    throw new CosFailure(403, 'AccessDenied', 'Access Denied.');
  if (state.buckets.some((b) => b.name === name))
    throw new CosFailure(409, 'BucketAlreadyExists', 'The requested bucket name is not available.');
  if (state.buckets.filter((b) => bucketAppId(b.name) === key.appId).length >= BUCKET_LIMIT)
    throw new CosFailure(400, 'TooManyBuckets', 'You have attempted to create more buckets than allowed.');
  const acl = String(req.headers['x-cos-acl'] ?? 'private');
  if (acl !== 'private' && acl !== 'public-read' && acl !== 'public-read-write')
    throw new CosFailure(400, 'InvalidArgument', 'x-cos-acl must be private, public-read or public-read-write.');
  state.buckets.push(cosBucket(name, region, { acl }));
  return { status: 200 };
}

function bucketOp(req: EmulatorRequest, bucket: CosBucket, key: CosKeyPair | undefined): EmulatorReply {
  const sub = subresource(req);
  const xml = { 'Content-Type': 'application/xml' };
  const appId = key?.appId ?? bucketAppId(bucket.name) ?? 0;
  if (req.method === 'HEAD' && sub === undefined)
    return { status: 200, headers: { 'x-cos-bucket-region': bucket.region } };
  if (sub === 'acl' && req.method === 'GET')
    return { status: 200, headers: { ...xml, 'x-cos-acl': bucket.acl }, body: aclXml(bucket, appId) };
  if (sub === 'acl' && req.method === 'PUT') {
    const acl = String(req.headers['x-cos-acl'] ?? '');
    if (acl !== 'private' && acl !== 'public-read' && acl !== 'public-read-write')
      throw new CosFailure(400, 'InvalidArgument', 'x-cos-acl must be private, public-read or public-read-write.');
    bucket.acl = acl as CosAcl;
    return { status: 200 };
  }
  if (sub === 'cors' && req.method === 'GET') {
    if (bucket.cors.length === 0)
      throw new CosFailure(404, 'NoSuchCORSConfiguration', 'The CORS configuration does not exist.');
    return { status: 200, headers: xml, body: corsXml(bucket.cors) };
  }
  if (sub === 'cors' && req.method === 'PUT') {
    const rules = parseCorsXml(req.body.toString('utf8'));
    if (!rules) throw new CosFailure(400, 'MalformedXML', 'The XML you provided was not well-formed.');
    bucket.cors = rules;
    return { status: 200 };
  }
  if (sub === 'cors' && req.method === 'DELETE') {
    bucket.cors = [];
    return { status: 204 };
  }
  if (req.method === 'GET' && sub === undefined) {
    const q = new Map(req.query);
    const max = Math.min(1000, Math.max(0, Number(q.get('max-keys') ?? '1000') || 0));
    return { status: 200, headers: xml, body: listObjectsXml(bucket, q.get('prefix') ?? '', max) };
  }
  throw new CosFailure(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
}

function objectOp(req: EmulatorRequest, bucket: CosBucket, key: string): EmulatorReply {
  const stored = bucket.objects.get(key);
  switch (req.method) {
    case 'PUT': {
      const etag = `"${createHash('md5').update(req.body).digest('hex')}"`;
      const contentType = String(req.headers['content-type'] ?? 'application/octet-stream');
      bucket.objects.set(key, { body: req.body, contentType, etag, lastModified: new Date() });
      return { status: 200, headers: { ETag: etag } };
    }
    case 'GET':
    case 'HEAD':
      if (!stored) throw new CosFailure(404, 'NoSuchKey', 'The specified key does not exist.');
      return {
        status: 200,
        headers: {
          'Content-Type': stored.contentType,
          ETag: stored.etag,
          'Last-Modified': stored.lastModified.toUTCString(),
        },
        body: stored.body,
      };
    case 'DELETE':
      bucket.objects.delete(key);
      return { status: 204 };
    default:
      throw new CosFailure(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
}

/**
 * The COS v4 CDN acceleration domain: anonymous GETs of public objects when it is switched on,
 * the CDN's own 404 page when it is off (the domain then serves nothing).
 */
function cdnReply(req: EmulatorRequest, state: CosEmulatorState, name: string): EmulatorReply {
  const bucket = state.buckets.find((b) => b.name === name);
  const page = (status: number, text: string): EmulatorReply => ({
    status,
    headers: {},
    body: `<html><body><h1>${status} ${text}</h1></body></html>`,
  });
  if (!bucket?.cdn) return page(404, 'Not Found: the acceleration domain is not enabled');
  if (req.method !== 'GET' && req.method !== 'HEAD') return page(405, 'Method Not Allowed');
  if (bucket.acl === 'private') return page(403, 'Forbidden');
  const object = bucket.objects.get(decodeURIComponent(req.path.replace(/^\/+/, '')));
  if (!object) return page(404, 'Not Found');
  return {
    status: 200,
    headers: { 'Content-Type': object.contentType, ETag: object.etag },
    body: req.method === 'HEAD' ? Buffer.alloc(0) : object.body,
  };
}
