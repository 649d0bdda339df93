/**
 * Per-run cloud clients and shared calls for the cos/lvb/im checks. Every call goes through
 * ctx.memo, so checks that read the same answer (e.g. GET Service, the domain list) share one
 * request per run, which keeps doctor fast even with a slow link to the cloud.
 */
import { anonymousGet, type AnonymousGetData } from '../../cloud/cos-anonymous.js';
import {
  createCosClient,
  cosOptionsFromConfig,
  fullBucketName,
  cosBucketHost,
  type CosBucketInfo,
  type CosClient,
} from '../../cloud/cos.js';
import { createLiveClient, liveOptionsFromConfig, type LiveClient } from '../../cloud/live.js';
import type { CloudFailure, CloudResult } from '../../cloud/result.js';
import type { MinilvbConfig } from '../../config/index.js';
import type { CheckContext } from '../check.js';

/** Per-call budget of a cloud request made by a check (below the default 10 s check timeout). */
export const CLOUD_CALL_TIMEOUT_MS = 6000;

/** The COS client of this run, or undefined when a COS field is missing. */
export function cosClient(ctx: CheckContext): Promise<CosClient | undefined> {
  return ctx.memo('cloud:cos-client', async () => {
    const opts = cosOptionsFromConfig(ctx.config, CLOUD_CALL_TIMEOUT_MS);
    return 'missing' in opts ? undefined : createCosClient(opts);
  });
}

/** The bucket host and full name from the config alone (for checks that need no keys). */
export function cosTarget(config: MinilvbConfig): { bucket: string; host: string } | undefined {
  const { bucket, appId, region } = config.cos;
  if (!bucket || appId === undefined || !region) return undefined;
  const full = fullBucketName(bucket, appId);
  return { bucket: full, host: cosBucketHost(full, region) };
}

/** An unsigned HEAD of the bucket root: proves the COS host answers and gives its Date. */
export function cosEndpointProbe(ctx: CheckContext): Promise<CloudResult<AnonymousGetData> | undefined> {
  return ctx.memo('cloud:cos-endpoint', async () => {
    const t = cosTarget(ctx.config);
    if (!t) return undefined;
    const endpoint = ctx.config.cloud.cosEndpoint;
    return anonymousGet({
      host: t.host,
      key: '',
      method: 'HEAD',
      timeoutMs: CLOUD_CALL_TIMEOUT_MS,
      ...(endpoint ? { endpoint } : {}),
    });
  });
}

/** GET Service (the account's buckets with their Location), once per run. */
export function cosBucketList(ctx: CheckContext): Promise<CloudResult<{ buckets: CosBucketInfo[] }> | undefined> {
  return ctx.memo('cloud:cos-list', async () => {
    const c = await cosClient(ctx);
    return c ? c.listBuckets() : undefined;
  });
}

/** The live API client of this run, or undefined without cloud credentials. */
export function liveClient(ctx: CheckContext): Promise<LiveClient | undefined> {
  return ctx.memo('cloud:live-client', async () => {
    const opts = liveOptionsFromConfig(ctx.config, CLOUD_CALL_TIMEOUT_MS);
    return 'missing' in opts ? undefined : createLiveClient(opts);
  });
}

/** One live API answer shared by every check of the run. */
export function liveCall<T>(
  ctx: CheckContext,
  key: string,
  call: (c: LiveClient) => Promise<CloudResult<T>>,
): Promise<CloudResult<T> | undefined> {
  return ctx.memo(`cloud:live:${key}`, async () => {
    const c = await liveClient(ctx);
    return c ? call(c) : undefined;
  });
}

/** The push domain doctor looks for: lvb.pushDomain, else the legacy `{bizid}.livepush.myqcloud.com`. */
export function pushDomainOf(config: MinilvbConfig): { domain: string; legacy: boolean } | undefined {
  if (config.lvb.pushDomain) return { domain: config.lvb.pushDomain, legacy: false };
  if (config.lvb.bizId !== undefined) return { domain: `${config.lvb.bizId}.livepush.myqcloud.com`, legacy: true };
  return undefined;
}

/** Where Tencent must deliver recording callbacks: `{server}/callback/tape_callback.php`. */
export function expectedCallbackUrl(serverUrl: string): string {
  return `${serverUrl.replace(/\/interface\.php$/, '').replace(/\/+$/, '')}/callback/tape_callback.php`;
}

/**
 * The live reads the lvb checks make (shared memo keys, so no extra calls) that the CAM policy of
 * the key denies, by action name.
 */
export async function deniedLiveActions(ctx: CheckContext, isDenied: (f: CloudFailure) => boolean): Promise<string[]> {
  const push = pushDomainOf(ctx.config);
  const reads: Array<[string, Promise<CloudResult<unknown> | undefined>]> = [
    ['DescribeLiveCallbackTemplates', liveCall(ctx, 'callback-templates', (c) => c.describeCallbackTemplates())],
    ['DescribeLiveCallbackRules', liveCall(ctx, 'callback-rules', (c) => c.describeCallbackRules())],
    ['DescribeLiveRecordTemplates', liveCall(ctx, 'record-templates', (c) => c.describeRecordTemplates())],
    ['DescribeLiveRecordRules', liveCall(ctx, 'record-rules', (c) => c.describeRecordRules())],
    ...(push
      ? [
          [
            'DescribeLivePushAuthKey',
            liveCall(ctx, `push-key:${push.domain}`, (c) => c.describePushAuthKey(push.domain)),
          ] as [string, Promise<CloudResult<unknown> | undefined>],
        ]
      : []),
  ];
  const answers = await Promise.all(reads.map(([, p]) => p));
  return reads
    .filter((_, i) => {
      const a = answers[i];
      return a !== undefined && !a.ok && isDenied(a);
    })
    .map(([action]) => action);
}
