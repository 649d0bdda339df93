/**
 * The whole emulated Tencent Cloud in one call: COS, Live API 3.0 and IM REST, healthy and set up
 * to match test/helpers/fixtures.ts `currentConfig()`, plus the config overrides that point
 * minilvb at them. Scenario tests break one thing in `stack.cos.state` / `.live.state` / `.im.state`.
 */
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { appCorsRule, cosBucket, type CosEmulatorState } from './cos-emulator-state.js';
import { startCosEmulator } from './cos-emulator.js';
import type { EmulatorOptions, RunningEmulator } from './emulator-server.js';
import { startImEmulator, type ImEmulatorState } from './im-emulator.js';
import { beijingTime, liveDomain, recordParam, type LiveEmulatorState } from './live-emulator-state.js';
import { startLiveEmulator } from './live-emulator.js';

/** The values the healthy cloud is set up with (the fixtures' currentConfig values). */
export const STACK = {
  cosAppId: 1250000000,
  cosBucket: 'xiaozhibo',
  cosRegion: 'ap-guangzhou',
  pushDomain: 'push.example.com',
  playDomain: 'play.example.com',
  sdkAppId: 1400123456,
  administrator: 'admin',
  serverUrl: 'http://127.0.0.1:8080',
  onlineStream: 'minilvb_probe',
} as const;

/** Options of the healthy state builders. */
export interface StackOptions {
  /** server.publicUrl the callback template points at (default STACK.serverUrl). */
  serverUrl?: string;
  pushDomain?: string;
  playDomain?: string;
}

export function healthyCosState(): CosEmulatorState {
  return {
    keys: [{ secretId: TEST_SECRETS.cosSecretId, secretKey: TEST_SECRETS.cosSecretKey, appId: STACK.cosAppId }],
    buckets: [
      cosBucket(`${STACK.cosBucket}-${STACK.cosAppId}`, STACK.cosRegion, {
        acl: 'public-read',
        cors: [appCorsRule()],
        cdn: true,
      }),
      cosBucket(`backup-${STACK.cosAppId}`, 'ap-shanghai'),
    ],
    clockOffsetSec: 0,
  };
}

export function healthyLiveState(opts: StackOptions = {}): LiveEmulatorState {
  const push = opts.pushDomain ?? STACK.pushDomain;
  const play = opts.playDomain ?? STACK.playDomain;
  const server = (opts.serverUrl ?? STACK.serverUrl).replace(/\/interface\.php$/, '').replace(/\/+$/, '');
  const now = Date.now();
  const created = beijingTime(now - 30 * 86_400_000);
  return {
    keys: [{ secretId: TEST_SECRETS.cloudSecretId, secretKey: TEST_SECRETS.cloudSecretKey }],
    clockOffsetSec: 0,
    serviceActivated: true,
    domains: [liveDomain(push, 0), liveDomain(play, 1)],
    pushAuthKeys: { [push]: { Enable: 1, MasterAuthKey: TEST_SECRETS.pushKey, BackupAuthKey: '', AuthDelta: 1800 } },
    playAuthKeys: { [play]: { Enable: 1, AuthKey: TEST_SECRETS.playKey, AuthDelta: 1800, AuthBackKey: '' } },
    callbackTemplates: [
      {
        TemplateId: 1001,
        TemplateName: 'minilvb',
        Description: 'Mini LVB callbacks',
        StreamBeginNotifyUrl: `${server}/callback/tape_callback.php`,
        StreamEndNotifyUrl: `${server}/callback/tape_callback.php`,
        RecordNotifyUrl: `${server}/callback/tape_callback.php`,
        SnapshotNotifyUrl: '',
        PornCensorshipNotifyUrl: '',
        CallbackKey: TEST_SECRETS.apiKey,
      },
    ],
    callbackRules: [{ CreateTime: created, UpdateTime: created, TemplateId: 1001, DomainName: push, AppName: 'live' }],
    recordTemplates: [
      {
        TemplateId: 2001,
        TemplateName: 'minilvb_mp4_hls',
        Description: '',
        Mp4Param: recordParam(1),
        HlsParam: recordParam(1),
        IsDelayLive: 0,
      },
    ],
    recordRules: [
      { CreateTime: created, UpdateTime: created, TemplateId: 2001, DomainName: push, AppName: 'live', StreamName: '' },
    ],
    onlineStreams: [
      {
        StreamName: STACK.onlineStream,
        AppName: 'live',
        DomainName: push,
        PublishTimeList: [{ PublishTime: new Date(now - 600_000).toISOString().replace(/\.\d+Z$/, 'Z') }],
        PushToDelay: 0,
      },
    ],
    publishedStreams: [],
    callbackRecords: [
      {
        EventTime: beijingTime(now - 300_000),
        EventType: 1,
        Request: '{"event_type":1}',
        Response: '{"code":0}',
        ResponseTime: beijingTime(now - 299_000),
        ResultCode: 0,
        StreamId: STACK.onlineStream,
      },
    ],
  };
}

export function healthyImState(): ImEmulatorState {
  return {
    apps: [
      {
        sdkAppId: STACK.sdkAppId,
        secretKey: TEST_SECRETS.imSecretKey,
        administrators: [STACK.administrator],
        accounts: [],
      },
    ],
    clockOffsetSec: 0,
  };
}

/** The three running emulators and the config that points at them. */
export interface CloudStack {
  cos: RunningEmulator<CosEmulatorState>;
  live: RunningEmulator<LiveEmulatorState>;
  im: RunningEmulator<ImEmulatorState>;
  /** loadConfig overrides by field path: endpoints and every cloud key. */
  overrides: Record<string, unknown>;
  /** The same as a nested `cloud` section for a config file (merge into currentConfig()). */
  cloudSection: Record<string, string>;
  close(): Promise<void>;
}

/** Starts COS, Live and IM emulators, healthy, each with `latencyMs` per request. */
export async function startCloudStack(opts: StackOptions & { latencyMs?: number } = {}): Promise<CloudStack> {
  const options = (): EmulatorOptions => ({ latencyMs: opts.latencyMs ?? 0 });
  const [cos, live, im] = await Promise.all([
    startCosEmulator(healthyCosState(), options()),
    startLiveEmulator(healthyLiveState(opts), options()),
    startImEmulator(healthyImState(), options()),
  ]);
  const cloudSection = {
    secretId: TEST_SECRETS.cloudSecretId,
    secretKey: TEST_SECRETS.cloudSecretKey,
    liveEndpoint: live.url,
    imEndpoint: im.url,
    cosEndpoint: cos.host,
  };
  return {
    cos,
    live,
    im,
    cloudSection,
    overrides: {
      'cloud.liveEndpoint': live.url,
      'cloud.imEndpoint': im.url,
      'cloud.cosEndpoint': cos.host,
      'cloud.secretId': TEST_SECRETS.cloudSecretId,
      'cloud.secretKey': TEST_SECRETS.cloudSecretKey,
      'cos.secretId': TEST_SECRETS.cosSecretId,
      'cos.secretKey': TEST_SECRETS.cosSecretKey,
      'lvb.pushKey': TEST_SECRETS.pushKey,
      'lvb.playKey': TEST_SECRETS.playKey,
      'lvb.apiKey': TEST_SECRETS.apiKey,
      'im.secretKey': TEST_SECRETS.imSecretKey,
    },
    close: async () => {
      await Promise.all([cos.close(), live.close(), im.close()]);
    },
  };
}

/** Points every callback template at another server (when a test swaps the server under doctor). */
export function pointCallbacksAt(state: LiveEmulatorState, serverUrl: string): void {
  const url = `${serverUrl.replace(/\/interface\.php$/, '').replace(/\/+$/, '')}/callback/tape_callback.php`;
  for (const t of state.callbackTemplates) {
    t.StreamBeginNotifyUrl = url;
    t.StreamEndNotifyUrl = url;
    t.RecordNotifyUrl = url;
  }
}
