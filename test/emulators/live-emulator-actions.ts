/**
 * The live actions the emulator implements (docs/cloud-apis.md#live-actions): Describe* and the writes of
 * `cloud apply`, with the cloud's codes for an existing rule or domain, the template quota and a missing domain.
 */
import { beijingTime, liveDomain, type LiveEmulatorState, type LiveRecordParam } from './live-emulator-state.js';

/** An API 3.0 error: becomes `{"Response":{"Error":{Code,Message},RequestId}}`. */
export class LiveApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, unknown>;
type Action = (p: Params, s: LiveEmulatorState) => Record<string, unknown>;

function str(p: Params, key: string, required = false): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) {
    if (required) throw new LiveApiError('MissingParameter', `The request is missing a required parameter \`${key}\`.`);
    return undefined;
  }
  if (typeof v !== 'string')
    throw new LiveApiError('InvalidParameterValue', `The value type of parameter \`${key}\` is not valid.`);
  return v;
}

function num(p: Params, key: string, fallback?: number): number | undefined {
  const v = p[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new LiveApiError('InvalidParameterValue', `The value type of parameter \`${key}\` is not valid.`);
  return v;
}

function pushDomain(s: LiveEmulatorState, name: string): void {
  if (!s.domains.some((d) => d.Name === name))
    throw new LiveApiError('ResourceNotFound.DomainNotExist', 'The domain does not exist or does not match.');
}

function page<T>(items: T[], p: Params, defSize: number): { list: T[]; num: number; size: number } {
  const size = num(p, 'PageSize', defSize) ?? defSize;
  const n = num(p, 'PageNum', 1) ?? 1;
  return { list: items.slice((n - 1) * size, n * size), num: n, size };
}

let nextId = 100000;
const now = (): string => beijingTime(Date.now());

function parseTime(v: string): number {
  // "YYYY-MM-DD hh:mm:ss" is Beijing time; ISO with Z is UTC.
  return /Z$/.test(v) ? Date.parse(v) : Date.parse(`${v.replace(' ', 'T')}+08:00`);
}

function recordParams(p: Params): Record<string, LiveRecordParam> {
  const out: Record<string, LiveRecordParam> = {};
  for (const k of ['FlvParam', 'HlsParam', 'Mp4Param', 'AacParam', 'Mp3Param']) {
    const v = p[k] as Partial<LiveRecordParam> | undefined;
    if (v && typeof v === 'object')
      out[k] = {
        RecordInterval: v.RecordInterval ?? 1800,
        StorageTime: v.StorageTime ?? 0,
        Enable: v.Enable === 1 ? 1 : 0,
        VodSubAppId: v.VodSubAppId ?? 0,
      };
  }
  return out;
}

const CALLBACK_FIELDS = [
  'Description',
  'StreamBeginNotifyUrl',
  'StreamEndNotifyUrl',
  'RecordNotifyUrl',
  'SnapshotNotifyUrl',
  'PornCensorshipNotifyUrl',
  'CallbackKey',
] as const;

/** The account's template quota (per kind), as the cloud enforces it. */
export const TEMPLATE_LIMIT = 50;

function templateLimit(count: number): void {
  if (count >= TEMPLATE_LIMIT)
    throw new LiveApiError('InternalError.ConfOutLimit', 'The number of templates exceeded the limit.');
}

export const LIVE_ACTIONS: Record<string, Action> = {
  AddLiveDomain: (p, s) => {
    const name = str(p, 'DomainName', true) as string;
    const type = num(p, 'DomainType');
    if (type !== 0 && type !== 1) throw new LiveApiError('InvalidParameter', 'DomainType must be 0 or 1.');
    if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(name))
      throw new LiveApiError('InvalidParameter.DomainFormatError', 'The domain name format is incorrect.');
    if (s.domains.some((d) => d.Name === name))
      throw new LiveApiError('FailedOperation.DomainAdded', 'The domain has already been added.');
    if (s.domains.length >= 100)
      throw new LiveApiError('FailedOperation.HostOutLimit', 'The number of domain names exceeded the upper limit.');
    s.domains.push(liveDomain(name, type, { CurrentCName: '' }));
    return {};
  },
  DescribeLiveDomains: (p, s) => {
    const status = num(p, 'DomainStatus');
    const type = num(p, 'DomainType');
    const prefix = str(p, 'DomainPrefix');
    const all = s.domains.filter(
      (d) =>
        (status === undefined || d.Status === status) &&
        (type === undefined || d.Type === type) &&
        (prefix === undefined || d.Name.startsWith(prefix)),
    );
    return { AllCount: all.length, DomainList: page(all, p, 10).list, CreateLimitCount: 100, PlayTypeCount: [] };
  },
  DescribeLivePushAuthKey: (p, s) => {
    const name = str(p, 'DomainName', true) as string;
    pushDomain(s, name);
    const k = s.pushAuthKeys[name] ?? { Enable: 0, MasterAuthKey: '', BackupAuthKey: '', AuthDelta: 0 };
    return { PushAuthKeyInfo: { DomainName: name, ...k } };
  },
  ModifyLivePushAuthKey: (p, s) => {
    const name = str(p, 'DomainName', true) as string;
    pushDomain(s, name);
    const k = s.pushAuthKeys[name] ?? { Enable: 0, MasterAuthKey: '', BackupAuthKey: '', AuthDelta: 1800 };
    s.pushAuthKeys[name] = {
      Enable: num(p, 'Enable', k.Enable) === 1 ? 1 : 0,
      MasterAuthKey: str(p, 'MasterAuthKey') ?? k.MasterAuthKey,
      BackupAuthKey: str(p, 'BackupAuthKey') ?? k.BackupAuthKey,
      AuthDelta: num(p, 'AuthDelta', k.AuthDelta) ?? k.AuthDelta,
    };
    return {};
  },
  DescribeLivePlayAuthKey: (p, s) => {
    const name = str(p, 'DomainName', true) as string;
    pushDomain(s, name);
    const k = s.playAuthKeys[name] ?? { Enable: 0, AuthKey: '', AuthDelta: 0, AuthBackKey: '' };
    return { PlayAuthKeyInfo: { DomainName: name, ...k } };
  },
  ModifyLivePlayAuthKey: (p, s) => {
    const name = str(p, 'DomainName', true) as string;
    pushDomain(s, name);
    const k = s.playAuthKeys[name] ?? { Enable: 0, AuthKey: '', AuthDelta: 1800, AuthBackKey: '' };
    s.playAuthKeys[name] = {
      Enable: num(p, 'Enable', k.Enable) === 1 ? 1 : 0,
      AuthKey: str(p, 'AuthKey') ?? k.AuthKey,
      AuthDelta: num(p, 'AuthDelta', k.AuthDelta) ?? k.AuthDelta,
      AuthBackKey: str(p, 'AuthBackKey') ?? k.AuthBackKey,
    };
    return {};
  },
  DescribeLiveCallbackTemplates: (_p, s) => ({ Templates: s.callbackTemplates }),
  CreateLiveCallbackTemplate: (p, s) => {
    templateLimit(s.callbackTemplates.length);
    const TemplateId = nextId++;
    const t = {
      TemplateId,
      TemplateName: str(p, 'TemplateName', true) as string,
      Description: '',
      StreamBeginNotifyUrl: '',
      StreamEndNotifyUrl: '',
      RecordNotifyUrl: '',
      SnapshotNotifyUrl: '',
      PornCensorshipNotifyUrl: '',
      CallbackKey: '',
    };
    for (const f of CALLBACK_FIELDS) t[f] = str(p, f) ?? t[f];
    s.callbackTemplates.push(t);
    return { TemplateId };
  },
  ModifyLiveCallbackTemplate: (p, s) => {
    const t = s.callbackTemplates.find((x) => x.TemplateId === num(p, 'TemplateId'));
    if (!t) throw new LiveApiError('InvalidParameter.TemplateNotFound', 'The template does not exist.');
    for (const f of CALLBACK_FIELDS) t[f] = str(p, f) ?? t[f];
    return {};
  },
  DescribeLiveCallbackRules: (_p, s) => ({ Rules: s.callbackRules }),
  CreateLiveCallbackRule: (p, s) => {
    const DomainName = str(p, 'DomainName', true) as string;
    const TemplateId = num(p, 'TemplateId') ?? 0;
    pushDomain(s, DomainName);
    if (!s.callbackTemplates.some((t) => t.TemplateId === TemplateId))
      throw new LiveApiError('InvalidParameter.TemplateNotFound', 'The template does not exist.');
    if (s.callbackRules.some((r) => r.DomainName === DomainName && r.AppName === (str(p, 'AppName') ?? '')))
      throw new LiveApiError('FailedOperation.RuleAlreadyExist', 'The rule already exists.');
    s.callbackRules.push({
      CreateTime: now(),
      UpdateTime: now(),
      TemplateId,
      DomainName,
      AppName: str(p, 'AppName') ?? '',
    });
    return {};
  },
  DeleteLiveCallbackRule: (p, s) => {
    const d = str(p, 'DomainName', true);
    const a = str(p, 'AppName') ?? '';
    s.callbackRules = s.callbackRules.filter((r) => !(r.DomainName === d && r.AppName === a));
    return {};
  },
  DescribeLiveRecordTemplates: (_p, s) => ({ Templates: s.recordTemplates }),
  CreateLiveRecordTemplate: (p, s) => {
    templateLimit(s.recordTemplates.length);
    const TemplateId = nextId++;
    s.recordTemplates.push({
      TemplateId,
      TemplateName: str(p, 'TemplateName', true) as string,
      Description: str(p, 'Description') ?? '',
      IsDelayLive: 0,
      ...recordParams(p),
    });
    return { TemplateId };
  },
  ModifyLiveRecordTemplate: (p, s) => {
    const t = s.recordTemplates.find((x) => x.TemplateId === num(p, 'TemplateId'));
    if (!t) throw new LiveApiError('InvalidParameter.TemplateNotFound', 'The template does not exist.');
    Object.assign(t, recordParams(p));
    t.Description = str(p, 'Description') ?? t.Description;
    return {};
  },
  DescribeLiveRecordRules: (_p, s) => ({ Rules: s.recordRules }),
  CreateLiveRecordRule: (p, s) => {
    const TemplateId = num(p, 'TemplateId') ?? 0;
    const rule = {
      DomainName: str(p, 'DomainName', true) as string,
      AppName: str(p, 'AppName') ?? '',
      StreamName: str(p, 'StreamName') ?? '',
    };
    pushDomain(s, rule.DomainName);
    if (!s.recordTemplates.some((t) => t.TemplateId === TemplateId))
      throw new LiveApiError('InvalidParameter.TemplateNotFound', 'The template does not exist.');
    const same = (r: typeof rule): boolean =>
      r.DomainName === rule.DomainName && r.AppName === rule.AppName && r.StreamName === rule.StreamName;
    if (s.recordRules.some(same))
      throw new LiveApiError('FailedOperation.RuleAlreadyExist', 'The rule already exists.');
    s.recordRules.push({ CreateTime: now(), UpdateTime: now(), TemplateId, ...rule });
    return {};
  },
  DescribeLiveStreamOnlineList: (p, s) => {
    const d = str(p, 'DomainName');
    const a = str(p, 'AppName');
    const sn = str(p, 'StreamName');
    const all = s.onlineStreams.filter(
      (x) =>
        (d === undefined || x.DomainName === d) &&
        (a === undefined || x.AppName === a) &&
        (sn === undefined || x.StreamName === sn),
    );
    const pg = page(all, p, 10);
    return {
      TotalNum: all.length,
      TotalPage: Math.ceil(all.length / pg.size),
      PageNum: pg.num,
      PageSize: pg.size,
      OnlineInfo: pg.list,
    };
  },
  DescribeLiveStreamPublishedList: (p, s) => {
    const d = str(p, 'DomainName', true) as string;
    const start = parseTime(str(p, 'StartTime', true) as string);
    const end = parseTime(str(p, 'EndTime', true) as string);
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start)
      throw new LiveApiError('InvalidParameter', 'StartTime/EndTime are not valid times.');
    if (end - start > 31 * 86_400_000)
      throw new LiveApiError('InvalidParameter', 'The time range must be within one month.');
    const a = str(p, 'AppName') ?? 'live';
    const sn = str(p, 'StreamName');
    const all = s.publishedStreams.filter(
      (x) =>
        x.DomainName === d &&
        x.AppName === a &&
        (sn === undefined || x.StreamName === sn) &&
        parseTime(x.StreamEndTime) >= start &&
        parseTime(x.StreamStartTime) <= end,
    );
    const pg = page(all, p, 10);
    return {
      PublishInfo: pg.list,
      PageNum: pg.num,
      PageSize: pg.size,
      TotalNum: all.length,
      TotalPage: Math.ceil(all.length / pg.size),
    };
  },
  DescribeCallbackRecordsList: (p, s) => {
    const start = parseTime(str(p, 'StartTime', true) as string);
    const end = parseTime(str(p, 'EndTime', true) as string);
    const stream = str(p, 'StreamName', true) as string;
    if (!Number.isFinite(start) || !Number.isFinite(end))
      throw new LiveApiError('InvalidParameter', 'StartTime/EndTime are not valid times.');
    if (end - start > 86_400_000 || end < start)
      throw new LiveApiError('InvalidParameter', 'The time range must be within one day.');
    const type = num(p, 'EventType');
    const code = num(p, 'ResultCode');
    const all = s.callbackRecords.filter((r) => {
      const t = parseTime(r.EventTime);
      return (
        r.StreamId === stream &&
        t >= start &&
        t <= end &&
        (type === undefined || r.EventType === type) &&
        (code === undefined || r.ResultCode === code)
      );
    });
    const pg = page(all, p, 10);
    return {
      DataInfoList: pg.list,
      PageNum: pg.num,
      PageSize: pg.size,
      TotalNum: all.length,
      TotalPage: Math.ceil(all.length / pg.size),
    };
  },
};
