/**
 * The context resources run in: the clients built from the config, a per-plan memo for shared reads, and
 * `call`, which retries transient failures with the one backoff (src/async) and turns any other failure into a
 * CloudCallError that keeps the cloud's code and request id and, for a CAM denial, names the permission.
 */
import { Backoff } from '../../async/backoff.js';
import type { MinilvbConfig } from '../../config/index.js';
import { MinilvbError } from '../../errors.js';
import { createCosClient, cosOptionsFromConfig } from '../cos.js';
import { imOptionsFromConfig } from '../im.js';
import { createLiveClient, liveOptionsFromConfig } from '../live.js';
import type { CloudFailure } from '../result.js';
import type { CloudClients, CloudErrorInfo, CloudSetupOptions, RetryPolicy, SetupContext } from './types.js';

/** The default: 4 attempts, 500 ms doubling to 4 s (at most ~3.5 s of waiting per call). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, minMs: 500, maxMs: 4000 };

/** A failed cloud call of plan or apply, with everything the cloud said about it. */
export class CloudCallError extends MinilvbError {
  readonly info: CloudErrorInfo;

  constructor(info: CloudErrorInfo, hint?: string) {
    const rid = info.requestId ? `, RequestId ${info.requestId}` : '';
    super(
      info.permission ? 'MLVB_CLOUD_PERMISSION' : 'MLVB_CLOUD',
      `${info.action} failed: ${info.cloudCode} ${info.message}${rid}`.replace(/\s+$/, ''),
      { details: { ...info }, ...(hint ? { hint } : {}) },
    );
    this.name = 'CloudCallError';
    this.info = info;
  }
}

const CAM_DENIED = new Set(['AuthFailure.UnauthorizedOperation', 'UnauthorizedOperation', 'AuthFailure.MFAFailure']);

/** Which service an action belongs to, by its name: COS actions are HTTP verbs, IM ones start with "IM". */
function serviceOf(action: string): 'live' | 'cos' | 'im' {
  if (action.startsWith('IM ')) return 'im';
  return /^(GET|PUT|HEAD|POST|DELETE) /.test(action) ? 'cos' : 'live';
}

const COS_PERMISSION: Record<string, string> = {
  'GET Service': 'cos:GetService',
  'PUT Bucket': 'cos:PutBucket',
  'PUT Bucket acl': 'cos:PutBucketACL',
  'GET Bucket acl': 'cos:GetBucketACL',
  'PUT Bucket cors': 'cos:PutBucketCORS',
  'GET Bucket cors': 'cos:GetBucketCORS',
};

/** The CAM permission an action needs (`live:CreateLiveCallbackRule`, `cos:PutBucketACL`); IM has no CAM. */
export function permissionOf(action: string): string | undefined {
  const service = serviceOf(action);
  if (service === 'live') return `live:${action}`;
  return service === 'cos' ? (COS_PERMISSION[action] ?? 'cos:*') : undefined;
}

/** A failure as CloudErrorInfo, naming the CAM permission when the key was denied. */
export function errorInfo(action: string, f: CloudFailure): CloudErrorInfo {
  const base: CloudErrorInfo = {
    action,
    cloudCode: f.code,
    message: f.message,
    ...(f.requestId ? { requestId: f.requestId } : {}),
  };
  const service = serviceOf(action);
  if (service === 'live' && CAM_DENIED.has(f.code))
    return {
      ...base,
      permission: permissionOf(action) ?? action,
      policy: action.startsWith('Describe') ? 'QcloudLiveReadOnlyAccess' : 'QcloudLiveFullAccess',
    };
  if (service === 'cos' && f.code === 'AccessDenied' && !/expired/i.test(f.message))
    return { ...base, permission: permissionOf(action) ?? action, policy: 'QcloudCOSFullAccess' };
  return base;
}

/** The hint of a CloudCallError: what to grant, or nothing. */
export function errorHint(info: CloudErrorInfo): string | undefined {
  if (!info.permission) return undefined;
  return (
    `Grant ${info.permission} to the CAM user of the API key (attach ${info.policy ?? 'a policy allowing it'}, ` +
    'or a custom policy listing the actions), then run the command again.'
  );
}

/** 5xx, InternalError, rate limits and resets: worth another try. */
export function isTransient(f: CloudFailure): boolean {
  if (f.httpStatus !== undefined && f.httpStatus >= 500) return true;
  // Only the generic InternalError codes: InternalError.RuleAlreadyExist and the like are answers, not outages.
  if (/^(InternalError(\.(SystemError|NetworkError|ConnectDbError|DBError))?|RequestLimitExceeded)$/.test(f.code))
    return true;
  if (/^(ServiceUnavailable|HTTP5\d\d)$/.test(f.code)) return true;
  return f.network === 'ECONNRESET';
}

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref?.();
  });

/** The clients for the configured services (a service without credentials gets none). */
export async function clientsFromConfig(config: MinilvbConfig, timeoutMs?: number): Promise<CloudClients> {
  const live = liveOptionsFromConfig(config, timeoutMs);
  const cos = cosOptionsFromConfig(config, timeoutMs);
  const im = imOptionsFromConfig(config, timeoutMs);
  const [liveClient, cosClient] = await Promise.all([
    'missing' in live ? undefined : createLiveClient(live),
    'missing' in cos ? undefined : createCosClient(cos),
  ]);
  return {
    ...(liveClient ? { live: liveClient } : {}),
    ...(cosClient ? { cos: cosClient } : {}),
    ...('missing' in im ? {} : { im }),
  };
}

export function createSetupContext(
  config: MinilvbConfig,
  clients: CloudClients,
  options: CloudSetupOptions,
  retry: RetryPolicy = DEFAULT_RETRY,
): SetupContext {
  const memos = new Map<string, Promise<unknown>>();
  const sleep = retry.sleep ?? realSleep;
  return {
    config,
    options,
    clients,
    memo<T>(key: string, make: () => Promise<T>): Promise<T> {
      let p = memos.get(key) as Promise<T> | undefined;
      if (!p) {
        p = make();
        memos.set(key, p);
      }
      return p;
    },
    async call(action, fn) {
      const backoff = new Backoff({ minMs: retry.minMs, maxMs: retry.maxMs });
      for (let attempt = 1; ; attempt += 1) {
        const r = await fn();
        if (r.ok) return r;
        // A template create that got no answer may have happened: trying again could make a second template.
        const ambiguous = r.network !== undefined && /^Create\w*Template$/.test(action);
        if (attempt >= retry.attempts || !isTransient(r) || ambiguous) {
          const info = errorInfo(action, r);
          throw new CloudCallError(info, errorHint(info));
        }
        await sleep(backoff.next());
      }
    },
  };
}
