/**
 * Live API 3.0 adapter over the live client of tencentcloud-sdk-nodejs (required alone and
 * lazily). `cloud.liveEndpoint` gives protocol and host (emulators: `http://127.0.0.1:PORT`).
 * Every call has a timeout and returns a CloudResult keeping the API's Error.Code and RequestId.
 */
import { createRequire } from 'node:module';
import type {
  AddLiveDomainRequest,
  CallBackRuleInfo,
  CallBackTemplateInfo,
  CallbackEventInfo,
  CreateLiveCallbackRuleRequest,
  CreateLiveCallbackTemplateRequest,
  CreateLiveRecordRuleRequest,
  CreateLiveRecordTemplateRequest,
  DomainInfo,
  ModifyLiveCallbackTemplateRequest,
  ModifyLivePlayAuthKeyRequest,
  ModifyLivePushAuthKeyRequest,
  ModifyLiveRecordTemplateRequest,
  PlayAuthKeyInfo,
  PushAuthKeyInfo,
  RecordTemplateInfo,
  RuleInfo,
  StreamName,
  StreamOnlineInfo,
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/live/v20180801/live_models.js';
import type { MinilvbConfig } from '../config/index.js';
import {
  DEFAULT_CLOUD_TIMEOUT_MS,
  errorText,
  malformedFailure,
  networkFailure,
  networkFault,
  withTimeout,
  type CloudFailure,
  type CloudResult,
} from './result.js';

export type {
  CallBackRuleInfo,
  CallBackTemplateInfo,
  CallbackEventInfo,
  DomainInfo,
  PlayAuthKeyInfo,
  PushAuthKeyInfo,
  RecordTemplateInfo,
  RuleInfo,
  StreamOnlineInfo,
};
/** One stream that was pushed (DescribeLiveStreamPublishedList). */
export type PublishedStream = StreamName;

/** Credentials and endpoint of the live API. */
export interface LiveClientOptions {
  secretId: string;
  secretKey: string;
  /** Base URL, e.g. https://live.tencentcloudapi.com */
  endpoint: string;
  timeoutMs?: number;
}

type Done = Record<never, never>;

/** The writes `cloud apply` makes (docs/cloud-apis.md#live-write-actions); each answers a RequestId (and an id). */
export interface LiveWriter {
  modifyPushAuthKey(req: ModifyLivePushAuthKeyRequest): Promise<CloudResult<Done>>;
  modifyPlayAuthKey(req: ModifyLivePlayAuthKeyRequest): Promise<CloudResult<Done>>;
  createCallbackTemplate(req: CreateLiveCallbackTemplateRequest): Promise<CloudResult<{ templateId: number }>>;
  modifyCallbackTemplate(req: ModifyLiveCallbackTemplateRequest): Promise<CloudResult<Done>>;
  createCallbackRule(req: CreateLiveCallbackRuleRequest): Promise<CloudResult<Done>>;
  createRecordTemplate(req: CreateLiveRecordTemplateRequest): Promise<CloudResult<{ templateId: number }>>;
  modifyRecordTemplate(req: ModifyLiveRecordTemplateRequest): Promise<CloudResult<Done>>;
  createRecordRule(req: CreateLiveRecordRuleRequest): Promise<CloudResult<Done>>;
  addLiveDomain(req: AddLiveDomainRequest): Promise<CloudResult<Done>>;
}

/** The typed live calls doctor uses (docs/cloud-apis.md#live-actions), plus the writes of `cloud apply`. */
export interface LiveClient extends LiveWriter {
  describeLiveDomains(req?: {
    DomainType?: 0 | 1;
    DomainStatus?: 0 | 1;
    PageSize?: number;
    PageNum?: number;
  }): Promise<CloudResult<{ allCount: number; domains: DomainInfo[] }>>;
  describePushAuthKey(domain: string): Promise<CloudResult<{ info: PushAuthKeyInfo }>>;
  describePlayAuthKey(domain: string): Promise<CloudResult<{ info: PlayAuthKeyInfo }>>;
  describeCallbackTemplates(): Promise<CloudResult<{ templates: CallBackTemplateInfo[] }>>;
  describeCallbackRules(): Promise<CloudResult<{ rules: CallBackRuleInfo[] }>>;
  describeRecordTemplates(): Promise<CloudResult<{ templates: RecordTemplateInfo[] }>>;
  describeRecordRules(): Promise<CloudResult<{ rules: RuleInfo[] }>>;
  describeStreamOnlineList(req: {
    DomainName?: string;
    AppName?: string;
    PageSize?: number;
  }): Promise<CloudResult<{ total: number; streams: StreamOnlineInfo[] }>>;
  /** Streams pushed between StartTime and EndTime (UTC ISO), live or ended: where to look for callbacks. */
  describeStreamPublishedList(req: {
    DomainName: string;
    StartTime: string;
    EndTime: string;
    AppName?: string;
    PageSize?: number;
  }): Promise<CloudResult<{ total: number; streams: PublishedStream[] }>>;
  describeCallbackRecords(req: {
    StartTime: string;
    EndTime: string;
    StreamName: string;
    PageSize?: number;
    EventType?: number;
    ResultCode?: number;
  }): Promise<CloudResult<{ total: number; records: CallbackEventInfo[] }>>;
}

/** The SDK surface we use: AbstractClient#request. */
interface LiveSdk {
  request(action: string, req: object): Promise<unknown>;
}

type LiveSdkCtor = new (config: object) => LiveSdk;

const LIVE_CLIENT = 'tencentcloud-sdk-nodejs/tencentcloud/services/live/v20180801/live_client.js';
let ctor: Promise<LiveSdkCtor> | undefined;

/**
 * Required, not imported: the SDK is CommonJS, and a CommonJS graph entered through import() sends each of its
 * ~40 inner requires through the ES module loader, which nearly doubles its load time (270 ms against 150).
 */
function loadLiveSdk(): Promise<LiveSdkCtor> {
  ctor ??= Promise.resolve().then(() => {
    const sdk = createRequire(import.meta.url)(LIVE_CLIENT) as { Client: LiveSdkCtor };
    return sdk.Client;
  });
  return ctor;
}

/** Client options from the config, or the missing field paths. */
export function liveOptionsFromConfig(
  config: MinilvbConfig,
  timeoutMs?: number,
): LiveClientOptions | { missing: string[] } {
  const { secretId, secretKey, liveEndpoint } = config.cloud;
  if (!secretId || !secretKey)
    return { missing: [...(secretId ? [] : ['cloud.secretId']), ...(secretKey ? [] : ['cloud.secretKey'])] };
  return { secretId, secretKey, endpoint: liveEndpoint, ...(timeoutMs ? { timeoutMs } : {}) };
}

/** Turns whatever the SDK threw into a CloudFailure. */
export function liveFailure(err: unknown, what: string): CloudFailure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    message?: unknown;
    requestId?: unknown;
    httpCode?: unknown;
    type?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const requestId = typeof e.requestId === 'string' && e.requestId !== '' ? { requestId: e.requestId } : {};
  if (typeof e.code === 'string' && e.code !== '') return { ok: false, code: e.code, message, ...requestId };
  if (typeof e.httpCode === 'number')
    return {
      ok: false,
      code: `HTTP${e.httpCode}`,
      message: `${what}: HTTP ${e.httpCode} ${message}`,
      httpStatus: e.httpCode,
      ...requestId,
    };
  if (e.type !== 'invalid-json' && networkFault(errorText(err)) !== undefined) return networkFailure(err, what);
  if (
    e.type === 'invalid-json' ||
    /invalid json|Unexpected (end|token)|JSON/i.test(message) ||
    err instanceof TypeError
  )
    return malformedFailure(what, message);
  return { ok: false, code: 'SdkError', message: `${what}: ${message}` };
}

function arr<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

export async function createLiveClient(opts: LiveClientOptions): Promise<LiveClient> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CLOUD_TIMEOUT_MS;
  const url = new URL(opts.endpoint);
  const Client = await loadLiveSdk();
  const sdk = new Client({
    credential: { secretId: opts.secretId, secretKey: opts.secretKey },
    region: '',
    profile: {
      signMethod: 'TC3-HMAC-SHA256',
      httpProfile: {
        endpoint: url.host,
        protocol: `${url.protocol}//`,
        reqMethod: 'POST',
        reqTimeout: timeoutMs / 1000,
        headers: {},
      },
      language: 'en-US',
    },
  });

  function call<T>(action: string, req: object, map: (r: Record<string, unknown>) => T): Promise<CloudResult<T>> {
    return withTimeout(
      (async (): Promise<CloudResult<T>> => {
        let raw: unknown;
        try {
          raw = await sdk.request(action, req);
        } catch (err) {
          return liveFailure(err, action);
        }
        if (typeof raw !== 'object' || raw === null) return malformedFailure(action, 'the Response is not an object');
        const r = raw as Record<string, unknown>;
        const requestId = typeof r.RequestId === 'string' ? { requestId: r.RequestId } : {};
        return { ok: true, ...requestId, ...map(r) } as CloudResult<T>;
      })(),
      timeoutMs + 500,
      action,
    );
  }

  const done = (): Done => ({});
  const templateId = (r: Record<string, unknown>): { templateId: number } => ({
    templateId: Number(r.TemplateId ?? 0),
  });

  return {
    modifyPushAuthKey: (req) => call('ModifyLivePushAuthKey', req, done),
    modifyPlayAuthKey: (req) => call('ModifyLivePlayAuthKey', req, done),
    createCallbackTemplate: (req) => call('CreateLiveCallbackTemplate', req, templateId),
    modifyCallbackTemplate: (req) => call('ModifyLiveCallbackTemplate', req, done),
    createCallbackRule: (req) => call('CreateLiveCallbackRule', req, done),
    createRecordTemplate: (req) => call('CreateLiveRecordTemplate', req, templateId),
    modifyRecordTemplate: (req) => call('ModifyLiveRecordTemplate', req, done),
    createRecordRule: (req) => call('CreateLiveRecordRule', req, done),
    addLiveDomain: (req) => call('AddLiveDomain', req, done),
    describeLiveDomains: (req = {}) =>
      call('DescribeLiveDomains', { PageSize: 100, PageNum: 1, ...req }, (r) => ({
        allCount: Number(r.AllCount ?? 0),
        domains: arr<DomainInfo>(r.DomainList),
      })),
    describePushAuthKey: (domain) =>
      call('DescribeLivePushAuthKey', { DomainName: domain }, (r) => ({
        info: (r.PushAuthKeyInfo ?? {}) as PushAuthKeyInfo,
      })),
    describePlayAuthKey: (domain) =>
      call('DescribeLivePlayAuthKey', { DomainName: domain }, (r) => ({
        info: (r.PlayAuthKeyInfo ?? {}) as PlayAuthKeyInfo,
      })),
    describeCallbackTemplates: () =>
      call('DescribeLiveCallbackTemplates', {}, (r) => ({ templates: arr<CallBackTemplateInfo>(r.Templates) })),
    describeCallbackRules: () =>
      call('DescribeLiveCallbackRules', {}, (r) => ({ rules: arr<CallBackRuleInfo>(r.Rules) })),
    describeRecordTemplates: () =>
      call('DescribeLiveRecordTemplates', {}, (r) => ({ templates: arr<RecordTemplateInfo>(r.Templates) })),
    describeRecordRules: () => call('DescribeLiveRecordRules', {}, (r) => ({ rules: arr<RuleInfo>(r.Rules) })),
    describeStreamOnlineList: (req) =>
      call('DescribeLiveStreamOnlineList', { PageNum: 1, PageSize: 10, ...req }, (r) => ({
        total: Number(r.TotalNum ?? 0),
        streams: arr<StreamOnlineInfo>(r.OnlineInfo),
      })),
    describeStreamPublishedList: (req) =>
      call('DescribeLiveStreamPublishedList', { PageNum: 1, PageSize: 100, ...req }, (r) => ({
        total: Number(r.TotalNum ?? 0),
        streams: arr<PublishedStream>(r.PublishInfo),
      })),
    describeCallbackRecords: (req) =>
      call('DescribeCallbackRecordsList', { PageNum: 1, PageSize: 20, ...req }, (r) => ({
        total: Number(r.TotalNum ?? 0),
        records: arr<CallbackEventInfo>(r.DataInfoList),
      })),
  };
}
