/**
 * What the Live API 3.0 emulator holds. Records use the API's own field names (PascalCase), so
 * Describe* actions hand them out as they are.
 */

/** A cloud API key pair; `allowedActions` plays a CAM policy (undefined = full access). */
export interface LiveKeyPair {
  secretId: string;
  secretKey: string;
  allowedActions?: string[];
}

/** DomainInfo. Type 0 push / 1 play; Status 0 off / 1 on. */
export interface LiveDomain {
  Name: string;
  Type: 0 | 1;
  Status: 0 | 1;
  CreateTime: string;
  BCName: 0 | 1;
  TargetDomain: string;
  PlayType: number;
  IsDelayLive: 0 | 1;
  CurrentCName: string;
  IsMiniProgramLive: 0 | 1;
}

/** PushAuthKeyInfo without the domain name (the map key). */
export interface LivePushAuthKey {
  Enable: 0 | 1;
  MasterAuthKey: string;
  BackupAuthKey: string;
  AuthDelta: number;
}

/** PlayAuthKeyInfo without the domain name. */
export interface LivePlayAuthKey {
  Enable: 0 | 1;
  AuthKey: string;
  AuthDelta: number;
  AuthBackKey: string;
}

/** CallBackTemplateInfo. */
export interface LiveCallbackTemplate {
  TemplateId: number;
  TemplateName: string;
  Description: string;
  StreamBeginNotifyUrl: string;
  StreamEndNotifyUrl: string;
  RecordNotifyUrl: string;
  SnapshotNotifyUrl: string;
  PornCensorshipNotifyUrl: string;
  CallbackKey: string;
}

/** CallBackRuleInfo. */
export interface LiveCallbackRule {
  CreateTime: string;
  UpdateTime: string;
  TemplateId: number;
  DomainName: string;
  AppName: string;
}

/** RecordParam. */
export interface LiveRecordParam {
  RecordInterval: number;
  StorageTime: number;
  Enable: 0 | 1;
  VodSubAppId: number;
}

/** RecordTemplateInfo (the formats that matter to Mini LVB). */
export interface LiveRecordTemplate {
  TemplateId: number;
  TemplateName: string;
  Description: string;
  FlvParam?: LiveRecordParam;
  HlsParam?: LiveRecordParam;
  Mp4Param?: LiveRecordParam;
  AacParam?: LiveRecordParam;
  Mp3Param?: LiveRecordParam;
  IsDelayLive: 0 | 1;
}

/** RuleInfo (record rules). */
export interface LiveRecordRule {
  CreateTime: string;
  UpdateTime: string;
  TemplateId: number;
  DomainName: string;
  AppName: string;
  StreamName: string;
}

/** StreamOnlineInfo. */
export interface LiveOnlineStream {
  StreamName: string;
  AppName: string;
  DomainName: string;
  PublishTimeList: Array<{ PublishTime: string }>;
  PushToDelay: 0 | 1;
}

/** StreamName of DescribeLiveStreamPublishedList: a stream that was pushed (UTC ISO times). */
export interface LivePublishedStream {
  StreamName: string;
  AppName: string;
  DomainName: string;
  StreamStartTime: string;
  StreamEndTime: string;
  StopReason: string;
  Duration: number;
  ClientIp: string;
  Resolution: string;
}

/** CallbackEventInfo: one callback Tencent sent and what it got back. */
export interface LiveCallbackRecord {
  EventTime: string;
  EventType: number;
  Request: string;
  Response: string;
  ResponseTime: string;
  ResultCode: number;
  StreamId: string;
}

/** The whole emulated live account. */
export interface LiveEmulatorState {
  keys: LiveKeyPair[];
  /** Seconds added to the real clock (clock-skew scenarios). */
  clockOffsetSec: number;
  /** false: every action answers ResourceNotFound (live service not activated). */
  serviceActivated: boolean;
  domains: LiveDomain[];
  pushAuthKeys: Record<string, LivePushAuthKey>;
  playAuthKeys: Record<string, LivePlayAuthKey>;
  callbackTemplates: LiveCallbackTemplate[];
  callbackRules: LiveCallbackRule[];
  recordTemplates: LiveRecordTemplate[];
  recordRules: LiveRecordRule[];
  onlineStreams: LiveOnlineStream[];
  /** Streams pushed recently (live or ended); a delivered callback adds its stream. */
  publishedStreams: LivePublishedStream[];
  callbackRecords: LiveCallbackRecord[];
}

/** A domain record with defaults: enabled, CNAME active. */
export function liveDomain(name: string, type: 0 | 1, overrides: Partial<LiveDomain> = {}): LiveDomain {
  const target = `${name}.livecdn.liveplay.myqcloud.com`;
  return {
    Name: name,
    Type: type,
    Status: 1,
    CreateTime: '2024-01-02 11:04:05',
    BCName: 0,
    TargetDomain: target,
    PlayType: type === 0 ? 0 : 1,
    IsDelayLive: 0,
    CurrentCName: target,
    IsMiniProgramLive: 0,
    ...overrides,
  };
}

/** A record param with recording switched on (or off). */
export function recordParam(enable: 0 | 1): LiveRecordParam {
  return { RecordInterval: 1800, StorageTime: 0, Enable: enable, VodSubAppId: 0 };
}

/** "YYYY-MM-DD hh:mm:ss" in Beijing time, the format the live API defaults to. */
export function beijingTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
