/** XML bodies of the COS XML API, as the emulator writes and reads them (docs/cloud-apis.md#cos-error-body). */
import type { CosBucket, CosCorsRule } from './cos-emulator-state.js';

export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const HEAD = "<?xml version='1.0' encoding='utf-8' ?>\n";

/** The error document every COS error carries (HEAD answers drop the body). */
export function errorXml(e: {
  code: string;
  message: string;
  resource: string;
  requestId: string;
  traceId: string;
  serverTime?: string;
}): string {
  return (
    `${HEAD}<Error>\n  <Code>${xmlEscape(e.code)}</Code>\n  <Message>${xmlEscape(e.message)}</Message>\n  <Resource>${xmlEscape(e.resource)}</Resource>\n` +
    `  <RequestId>${e.requestId}</RequestId>\n  <TraceId>${e.traceId}</TraceId>\n${e.serverTime ? `  <ServerTime>${e.serverTime}</ServerTime>\n` : ''}</Error>`
  );
}

function ownerXml(appId: number): string {
  const uin = `qcs::cam::uin/1000${appId}:uin/1000${appId}`;
  return `<Owner><ID>${uin}</ID><DisplayName>${uin}</DisplayName></Owner>`;
}

export function listBucketsXml(appId: number, buckets: readonly CosBucket[]): string {
  const items = buckets.map(
    (b) =>
      `<Bucket><Name>${b.name}</Name><Location>${b.region}</Location><CreationDate>${b.createdAt.toISOString().replace(/\.\d+Z$/, 'Z')}</CreationDate><BucketType>cos</BucketType></Bucket>`,
  );
  return `${HEAD}<ListAllMyBucketsResult>${ownerXml(appId)}<Buckets>${items.join('')}</Buckets></ListAllMyBucketsResult>`;
}

export function listObjectsXml(bucket: CosBucket, prefix: string, maxKeys: number): string {
  const keys = [...bucket.objects.keys()]
    .filter((k) => k.startsWith(prefix))
    .sort()
    .slice(0, maxKeys);
  const contents = keys.map((k) => {
    const o = bucket.objects.get(k);
    return o
      ? `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${o.etag}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`
      : '';
  });
  return `${HEAD}<ListBucketResult><Name>${bucket.name}</Name><Prefix>${xmlEscape(prefix)}</Prefix><Marker/><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>false</IsTruncated>${contents.join('')}</ListBucketResult>`;
}

export function aclXml(bucket: CosBucket, appId: number): string {
  const uin = `qcs::cam::uin/1000${appId}:uin/1000${appId}`;
  const owner = `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${uin}</ID><DisplayName>${uin}</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>`;
  const group = (perm: string): string =>
    `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://cam.qcloud.com/groups/global/AllUsers</URI></Grantee><Permission>${perm}</Permission></Grant>`;
  const grants = [
    owner,
    ...(bucket.acl === 'private' ? [] : [group('READ')]),
    ...(bucket.acl === 'public-read-write' ? [group('WRITE')] : []),
  ];
  return `${HEAD}<AccessControlPolicy>${ownerXml(appId)}<AccessControlList>${grants.join('')}</AccessControlList></AccessControlPolicy>`;
}

export function corsXml(rules: readonly CosCorsRule[]): string {
  const rule = (r: CosCorsRule): string =>
    `<CORSRule>${r.id ? `<ID>${xmlEscape(r.id)}</ID>` : ''}` +
    r.allowedOrigins.map((o) => `<AllowedOrigin>${xmlEscape(o)}</AllowedOrigin>`).join('') +
    r.allowedMethods.map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join('') +
    r.allowedHeaders.map((h) => `<AllowedHeader>${xmlEscape(h)}</AllowedHeader>`).join('') +
    r.exposeHeaders.map((h) => `<ExposeHeader>${xmlEscape(h)}</ExposeHeader>`).join('') +
    (r.maxAgeSeconds === undefined ? '' : `<MaxAgeSeconds>${r.maxAgeSeconds}</MaxAgeSeconds>`) +
    '</CORSRule>';
  return `${HEAD}<CORSConfiguration>${rules.map(rule).join('')}</CORSConfiguration>`;
}

function all(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) out.push((m[1] ?? '').trim());
  return out;
}

/** Parses a PUT Bucket cors body; undefined when it is not a CORSConfiguration. */
export function parseCorsXml(xml: string): CosCorsRule[] | undefined {
  if (!/<CORSConfiguration[\s>]/.test(xml)) return undefined;
  return all(xml, 'CORSRule').map((r) => {
    const age = all(r, 'MaxAgeSeconds')[0];
    const id = all(r, 'ID')[0];
    return {
      ...(id === undefined ? {} : { id }),
      allowedOrigins: all(r, 'AllowedOrigin'),
      allowedMethods: all(r, 'AllowedMethod').map((m) => m.toUpperCase()),
      allowedHeaders: all(r, 'AllowedHeader'),
      exposeHeaders: all(r, 'ExposeHeader'),
      ...(age === undefined ? {} : { maxAgeSeconds: Number(age) }),
    };
  });
}
