/** The resolved configuration every command reads. Produced once by loadConfig, then frozen. */

export type Protocol = 'path' | 'action';
export type Credentials = 'current' | 'legacy';
export type PasswordStorage = 'kdf' | 'legacy';
export type StreamUserRule = 'after-first-underscore' | 'legacy-middle' | 'whole';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** LVB (live streaming): push/play domains and keys, the callback/API key, legacy appid/bizid. */
export interface LvbConfig {
  appId?: number;
  bizId?: number;
  pushDomain?: string;
  playDomain?: string;
  pushKey?: string;
  pushKeyBackup?: string;
  playKey?: string;
  /** The callback key (current: callback template CallbackKey; legacy: API鉴权key). */
  apiKey?: string;
}

/** IM (chat): SDKAppID and HMAC key (current), accountType and ECDSA PEM keys (legacy). */
export interface ImConfig {
  sdkAppId?: number;
  secretKey?: string;
  accountType?: string;
  administrator: string;
  privateKey?: string;
  publicKey?: string;
}

/** COS (object storage) used by the apps for avatars and covers. */
export interface CosConfig {
  appId?: number;
  /** Short bucket name, without the -APPID suffix. */
  bucket?: string;
  region?: string;
  secretId?: string;
  secretKey?: string;
  /** Lifetime of /get_cos_sign keys, seconds. */
  expiredTime: number;
}

/** The bundled business server. */
export interface ServerConfig {
  /** The base URL the apps use (APP_SVR_URL / kHttpServerAddr), no trailing slash. */
  publicUrl?: string;
  host: string;
  port: number;
  passwordStorage: PasswordStorage;
  /** Allowed clock skew for callback `t`, seconds. */
  callbackSkew: number;
  streamUserRule: StreamUserRule;
  /** How far ahead of now (plus callbackSkew) a callback `t` may lie, seconds. */
  callbackWindow: number;
  minRecordSeconds: number;
  strictTimestamps: 'off' | 'on';
  tokenTtl: number;
  refreshTtl: number;
  bodyLimit: number;
  sessionCacheMs: number;
  listCacheMs: number;
  /** Login + register attempts per minute per client address / per userid (0: unlimited). */
  loginLimitPerAddress: number;
  loginLimitPerUser: number;
  /** scrypt runs at once / may wait; beyond that logins answer 429. */
  kdfConcurrency: number;
  kdfQueue: number;
  logLevel: LogLevel;
  logFile?: string;
  /** server.logFile is rotated at this size, bytes. */
  logMaxBytes: number;
  /** Rotated log files kept besides server.logFile. */
  logFiles: number;
  /** Request headers timeout, ms. */
  headersTimeout: number;
  /** Whole-request (headers and body) timeout, ms. */
  requestTimeout: number;
  /** Open client connections at most. */
  maxConnections: number;
  /** Wait for a pooled connection and per-statement timeout, ms. */
  dbTimeout: number;
  /** Statements that may wait for a pooled connection. */
  dbQueueLimit: number;
  /** Where the embedded store keeps its data when no database is configured. */
  dataDir: string;
  /** Bearer token for the server's admin endpoints (key fingerprints for doctor). */
  adminToken?: string;
  /** nginx server_name (default: the host of publicUrl). */
  domain?: string;
  /** The plain-HTTP `listen` port of the generated nginx sites. */
  nginxPort: number;
  /** Certificate and key paths on the server; both set: nginx also listens on 443 with TLS. */
  tlsCert?: string;
  tlsKey?: string;
  /** PHP server code root on the CVM (nginx root, cvm-setup.sh target). */
  phpRoot: string;
  /** The php-fpm pool user on the CVM; cvm-setup.sh gives the config files to its group (unset: detected there). */
  phpUser?: string;
}

/** MySQL/MariaDB used by the bundled server (absent: the embedded store is used). */
export interface DbConfig {
  host: string;
  port: number;
  name: string;
  user: string;
  password?: string;
}

/** Tencent Cloud API credentials and endpoints (endpoints are overridable for emulators). */
export interface CloudConfig {
  secretId?: string;
  secretKey?: string;
  /** Base URL of the Live API 3.0 endpoint, default https://live.tencentcloudapi.com */
  liveEndpoint: string;
  /** Base URL of the IM REST API, default https://console.tim.qq.com */
  imEndpoint: string;
  /** host:port that COS requests are sent to instead of the bucket host (emulators); unset = real COS. */
  cosEndpoint?: string;
}

/** `minilvb deploy`: where and how the server is put on the hosts (docs/deploy.md). */
export interface DeployConfig {
  /** Comma-separated targets, `user@host[:port][/path][?listen=addr:port]`. */
  hosts?: string;
  path: string;
  mode: 'bundled' | 'php';
  service: 'systemd' | 'process';
  nginx: 'off' | 'on';
  /** nginx.conf on the hosts; the site goes to conf.d/ next to it. */
  nginxConf: string;
  key?: string;
  jump?: string;
  knownHosts?: string;
  /** Comma-separated pinned SHA256 fingerprints. */
  hostKeys?: string;
  keep: number;
  /** ms a new release has to become ready. */
  startTimeout: number;
}

/** The whole resolved configuration. */
export interface MinilvbConfig {
  protocol: Protocol;
  credentials: Credentials;
  lvb: LvbConfig;
  im: ImConfig;
  cos: CosConfig;
  server: ServerConfig;
  /** Undefined when no database is configured. */
  db: DbConfig | undefined;
  cloud: CloudConfig;
  deploy: DeployConfig;
}

/** Where a value came from, later sources winning. */
export type Source = 'default' | 'tccli' | 'file' | 'env' | 'flag';

/** One problem found in the configuration. */
export interface ConfigIssue {
  severity: 'error' | 'warning';
  /** Field path, e.g. `cos.bucket`. */
  path: string;
  message: string;
  /** The expected form, e.g. `32 characters A-Z a-z 0-9`. */
  expected?: string;
}
