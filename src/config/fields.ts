/**
 * The single table of configuration fields. Loading (env names, flags), validation, masking,
 * `config show`, `init` prompts and generated env files all read it, so a field is added here once.
 */
import type { ConfigPath } from './paths.js';
import { FORMAT_RULES, type FormatRule } from './rules.js';

export type FieldKind = 'string' | 'int' | 'enum' | 'pem' | 'url' | 'host' | 'port' | 'path';

/** One configuration field. */
export interface FieldDef {
  /** Dotted path in the config file and resolved config, e.g. `cos.secretKey`. */
  path: ConfigPath;
  kind: FieldKind;
  /** Environment variables that set it, the canonical one first. */
  env: readonly string[];
  /** Long flag (without value placeholder), e.g. `--cos-secret-key`. */
  flag: string;
  /** Secrets are masked in every output. */
  secret?: boolean;
  default?: string | number;
  choices?: readonly string[];
  /** Short human name. */
  label: string;
  /** Where the value is found (Tencent console page) and what it looks like. */
  where: string;
  example?: string;
  /** Format rule (digits, key shape, …) beyond the kind. */
  rule?: FormatRule;
}

const f = (def: FieldDef): FieldDef => def;

export const FIELDS: readonly FieldDef[] = [
  f({ path: 'protocol', kind: 'enum', choices: ['path', 'action'], default: 'path', env: ['MINILVB_PROTOCOL'], flag: '--protocol',
    label: 'App protocol', where: 'path: apps from 2018 on (POST /login …); action: 2016–17 apps (POST /interface.php)' }),
  f({ path: 'credentials', kind: 'enum', choices: ['current', 'legacy'], default: 'current', env: ['MINILVB_CREDENTIALS'], flag: '--credentials',
    label: 'Credential generation', where: 'current: IM SDKAppID + secret key; legacy: IM accountType + ECDSA keys, LVB APP_ID/APP_BIZID' }),

  f({ path: 'lvb.appId', kind: 'int', env: ['MINILVB_APP_ID'], flag: '--lvb-app-id', rule: 'lvbAppId',
    label: 'LVB APP_ID (legacy)', where: 'LVB console > 直播码接入 > 接入配置: APPID, usually 10 digits', example: '1252463788' }),
  f({ path: 'lvb.bizId', kind: 'int', env: ['MINILVB_APP_BIZID'], flag: '--bizid', rule: 'bizId',
    label: 'LVB bizid', where: 'LVB console > 直播码接入 > 接入配置: bizid, usually 4 digits', example: '8888' }),
  f({ path: 'lvb.pushDomain', kind: 'host', env: ['MINILVB_PUSH_DOMAIN'], flag: '--push-domain',
    label: 'Push domain', where: 'CSS console > Domain Management: your push domain (CNAMEd to Tencent)', example: 'push.example.com' }),
  f({ path: 'lvb.playDomain', kind: 'host', env: ['MINILVB_PLAY_DOMAIN'], flag: '--play-domain',
    label: 'Play domain', where: 'CSS console > Domain Management: your playback domain', example: 'play.example.com' }),
  f({ path: 'lvb.pushKey', kind: 'string', secret: true, env: ['MINILVB_PUSH_KEY'], flag: '--push-key', rule: 'lvbKey',
    label: 'Push anti-leech key', where: 'CSS console > push domain > Push Authentication: primary key (32 characters A-Z a-z 0-9)' }),
  f({ path: 'lvb.pushKeyBackup', kind: 'string', secret: true, env: ['MINILVB_PUSH_KEY_BACKUP'], flag: '--push-key-backup', rule: 'lvbKey',
    label: 'Backup push key', where: 'CSS console > push domain > Push Authentication: backup key' }),
  f({ path: 'lvb.playKey', kind: 'string', secret: true, env: ['MINILVB_PLAY_KEY'], flag: '--play-key', rule: 'lvbKey',
    label: 'Play anti-leech key', where: 'CSS console > play domain > Access Control > Key authentication' }),
  f({ path: 'lvb.apiKey', kind: 'string', secret: true, env: ['MINILVB_API_KEY'], flag: '--api-key', rule: 'lvbKey',
    label: 'Callback / API key', where: 'current: CSS console > Callback template > callback key; legacy: 接入配置 > API鉴权key (32 characters)' }),

  f({ path: 'im.sdkAppId', kind: 'int', env: ['MINILVB_IM_SDKAPPID'], flag: '--im-sdkappid', rule: 'sdkAppId',
    label: 'IM SDKAppID', where: 'IM console > Application list: SDKAppID, 10 digits starting 140', example: '1400000000' }),
  f({ path: 'im.secretKey', kind: 'string', secret: true, env: ['MINILVB_IM_SECRETKEY'], flag: '--im-secret-key', rule: 'imSecretKey',
    label: 'IM secret key', where: 'IM console > Application > Basic configuration > Key (64 hex characters)' }),
  f({ path: 'im.accountType', kind: 'string', env: ['MINILVB_IM_ACCOUNTTYPE'], flag: '--im-account-type', rule: 'accountType',
    label: 'IM accountType (legacy)', where: 'old IM console > 应用配置 > 帐号体系集成: accountType', example: '18647' }),
  f({ path: 'im.administrator', kind: 'string', default: 'admin', env: ['MINILVB_IM_ADMINISTRATOR'], flag: '--im-admin',
    label: 'IM administrator', where: 'IM console > App admin: the admin identifier (default admin)' }),
  f({ path: 'im.privateKey', kind: 'pem', secret: true, env: ['MINILVB_IM_PRIVATE_KEY'], flag: '--im-private-key',
    label: 'IM private key (legacy)', where: 'old IM console > 下载公私钥: the file private_key (PEM); give the PEM text or imPrivateKeyFile' }),
  f({ path: 'im.publicKey', kind: 'pem', env: ['MINILVB_IM_PUBLIC_KEY'], flag: '--im-public-key',
    label: 'IM public key (legacy)', where: 'old IM console > 下载公私钥: the file public_key (PEM)' }),

  f({ path: 'cos.appId', kind: 'int', env: ['MINILVB_COS_APPID'], flag: '--cos-app-id', rule: 'cosAppId',
    label: 'COS APPID', where: 'Account info / COS bucket list: the APPID (the digits after the last - of the bucket)', example: '1250000000' }),
  f({ path: 'cos.bucket', kind: 'string', env: ['MINILVB_COS_BUCKET'], flag: '--cos-bucket', rule: 'bucket',
    label: 'COS bucket', where: 'COS console > Bucket list: the bucket name WITHOUT -APPID', example: 'xiaozhibo' }),
  f({ path: 'cos.region', kind: 'string', env: ['MINILVB_COS_REGION'], flag: '--cos-region', rule: 'region',
    label: 'COS region', where: 'COS console > Bucket list: region id such as ap-guangzhou', example: 'ap-guangzhou' }),
  f({ path: 'cos.secretId', kind: 'string', secret: true, env: ['MINILVB_COS_SECRET_ID'], flag: '--cos-secret-id', rule: 'secretId',
    label: 'COS SecretId', where: 'CAM console > API keys: SecretId (AKID + 32 characters)' }),
  f({ path: 'cos.secretKey', kind: 'string', secret: true, env: ['MINILVB_COS_SECRET_KEY'], flag: '--cos-secret-key', rule: 'secretKey',
    label: 'COS SecretKey', where: 'CAM console > API keys: SecretKey (32 characters)' }),
  f({ path: 'cos.expiredTime', kind: 'int', default: 30, env: ['MINILVB_COS_EXPIRED_TIME'], flag: '--cos-expired-time', rule: 'cosExpiry',
    label: 'COS sign lifetime (s)', where: 'seconds a /get_cos_sign key stays valid (default 30)' }),

  f({ path: 'server.publicUrl', kind: 'url', env: ['MINILVB_PUBLIC_URL'], flag: '--public-url', rule: 'serverUrl',
    label: 'Server URL for the apps', where: 'the http(s)://host the apps call (APP_SVR_URL / kHttpServerAddr), no path', example: 'https://live.example.com' }),
  f({ path: 'server.host', kind: 'host', default: '127.0.0.1', env: ['MINILVB_HOST'], flag: '--host',
    label: 'Listen host', where: 'address the bundled server binds to' }),
  f({ path: 'server.port', kind: 'port', default: 8080, env: ['MINILVB_PORT'], flag: '--port',
    label: 'Listen port', where: 'port the bundled server binds to' }),
  f({ path: 'server.passwordStorage', kind: 'enum', choices: ['kdf', 'legacy'], default: 'kdf', env: ['MINILVB_PASSWORD_STORAGE'], flag: '--password-storage',
    label: 'Password storage', where: 'kdf: salted scrypt (default); legacy: the PHP raw hash, for a PHP server sharing the database' }),
  f({ path: 'server.callbackSkew', kind: 'int', default: 60, env: ['MINILVB_CALLBACK_SKEW'], flag: '--callback-skew',
    label: 'Callback clock skew (s)', where: 'seconds of clock difference tolerated on callback t' }),
  f({ path: 'server.streamUserRule', kind: 'enum', choices: ['after-first-underscore', 'legacy-middle', 'whole'], default: 'after-first-underscore',
    env: ['MINILVB_STREAM_USER_RULE'], flag: '--stream-user-rule', label: 'Stream → userid rule', where: 'how a callback stream_id maps to a userid' }),
  f({ path: 'server.callbackWindow', kind: 'int', default: 600, env: ['MINILVB_CALLBACK_WINDOW'], flag: '--callback-window',
    label: 'Callback t window (s)', where: 'how far ahead of now a callback t (its expiry) may lie, plus callbackSkew; Tencent sends send time + 600' }),
  f({ path: 'server.minRecordSeconds', kind: 'int', default: 60, env: ['MINILVB_MIN_RECORD_SECONDS'], flag: '--min-record-seconds',
    label: 'Shortest recording (s)', where: 'recordings of this many seconds or fewer are not listed (PHP: 60)' }),
  f({ path: 'server.strictTimestamps', kind: 'enum', choices: ['off', 'on'], default: 'off', env: ['MINILVB_STRICT_TIMESTAMPS'], flag: '--strict-timestamps',
    label: 'Strict body timestamps', where: 'on: signed bodies whose timestamp is more than max(expires, 300) s off answer 498 (docs/app-protocol.md#d4)' }),
  f({ path: 'server.tokenTtl', kind: 'int', default: 86400, env: ['MINILVB_TOKEN_TTL'], flag: '--token-ttl',
    label: 'Token lifetime (s)', where: 'seconds a login token stays valid (the expires the apps are told)' }),
  f({ path: 'server.refreshTtl', kind: 'int', default: 2592000, env: ['MINILVB_REFRESH_TTL'], flag: '--refresh-ttl',
    label: 'Refresh token lifetime (s)', where: 'seconds a refresh token stays valid (default 30 days)' }),
  f({ path: 'server.bodyLimit', kind: 'int', default: 1048576, env: ['MINILVB_BODY_LIMIT'], flag: '--body-limit',
    label: 'Request body limit (bytes)', where: 'larger bodies answer HTTP 413 (default 1 MiB, as nginx)' }),
  f({ path: 'server.sessionCacheMs', kind: 'int', default: 1000, env: ['MINILVB_SESSION_CACHE_MS'], flag: '--session-cache-ms',
    label: 'Session cache (ms)', where: 'how long a session read for Liteav-Sig is reused; 0 disables' }),
  f({ path: 'server.listCacheMs', kind: 'int', default: 1000, env: ['MINILVB_LIST_CACHE_MS'], flag: '--list-cache-ms',
    label: 'List cache (ms)', where: 'how long a get_vod_list page is reused; 0 disables' }),
  f({ path: 'server.loginLimitPerAddress', kind: 'int', default: 600, env: ['MINILVB_LOGIN_LIMIT_PER_ADDRESS'], flag: '--login-limit-per-address',
    label: 'Login attempts per address', where: 'login + register attempts per client address per minute before code 429; 0 disables' }),
  f({ path: 'server.loginLimitPerUser', kind: 'int', default: 20, env: ['MINILVB_LOGIN_LIMIT_PER_USER'], flag: '--login-limit-per-user',
    label: 'Login attempts per userid', where: 'login + register attempts per userid per minute before code 429; 0 disables' }),
  f({ path: 'server.kdfConcurrency', kind: 'int', default: 1, env: ['MINILVB_KDF_CONCURRENCY'], flag: '--kdf-concurrency',
    label: 'Parallel password hashes', where: 'scrypt runs at most this many at once, so logins never starve storage I/O' }),
  f({ path: 'server.kdfQueue', kind: 'int', default: 256, env: ['MINILVB_KDF_QUEUE'], flag: '--kdf-queue',
    label: 'Queued password hashes', where: 'logins/registers waiting for a hash beyond this answer code 429' }),
  f({ path: 'server.logLevel', kind: 'enum', choices: ['debug', 'info', 'warn', 'error'], default: 'info', env: ['MINILVB_LOG_LEVEL'], flag: '--log-level',
    label: 'Log level', where: 'server log level' }),
  f({ path: 'server.logFile', kind: 'path', env: ['MINILVB_LOG_FILE'], flag: '--log-file', label: 'Log file', where: 'server log file (stderr when unset)' }),
  f({ path: 'server.logMaxBytes', kind: 'int', default: 10485760, env: ['MINILVB_LOG_MAX_BYTES'], flag: '--log-max-bytes',
    label: 'Log file size limit', where: 'server.logFile is rotated (log.1, log.2 …) when it reaches this many bytes (default 10 MiB)' }),
  f({ path: 'server.logFiles', kind: 'int', default: 5, env: ['MINILVB_LOG_FILES'], flag: '--log-files',
    label: 'Rotated log files kept', where: 'how many rotated log files are kept besides server.logFile (default 5; 0 keeps none)' }),
  f({ path: 'server.headersTimeout', kind: 'int', default: 10000, env: ['MINILVB_HEADERS_TIMEOUT'], flag: '--headers-timeout',
    label: 'Request headers timeout (ms)', where: 'a client that has not sent its request headers within this many ms is disconnected (default 10000)' }),
  f({ path: 'server.requestTimeout', kind: 'int', default: 30000, env: ['MINILVB_REQUEST_TIMEOUT'], flag: '--request-timeout',
    label: 'Request timeout (ms)', where: 'a client that has not sent its whole request (headers and body) within this many ms gets 408 and is disconnected (default 30000)' }),
  f({ path: 'server.maxConnections', kind: 'int', default: 4096, env: ['MINILVB_MAX_CONNECTIONS'], flag: '--max-connections',
    label: 'Connection cap', where: 'open client connections at most (default 4096, lowered to fit the open-files limit); past it the oldest connection still sending its request is closed' }),
  f({ path: 'server.dbTimeout', kind: 'int', default: 5000, env: ['MINILVB_DB_TIMEOUT'], flag: '--db-timeout',
    label: 'Database timeout (ms)', where: 'longest wait for a database connection and for one statement before the request answers the database error (default 5000)' }),
  f({ path: 'server.dbQueueLimit', kind: 'int', default: 200, env: ['MINILVB_DB_QUEUE_LIMIT'], flag: '--db-queue-limit',
    label: 'Database queue limit', where: 'statements that may wait for a database connection; more answer the database error at once (default 200)' }),
  f({ path: 'server.dataDir', kind: 'path', default: '.minilvb', env: ['MINILVB_DATA_DIR'], flag: '--data-dir',
    label: 'Embedded store directory', where: 'where serve keeps data when no database is configured' }),
  f({ path: 'server.adminToken', kind: 'string', secret: true, env: ['MINILVB_ADMIN_TOKEN'], flag: '--admin-token',
    label: 'Admin token', where: 'bearer token for the server admin endpoints used by doctor' }),
  f({ path: 'server.domain', kind: 'host', env: ['MINILVB_DOMAIN'], flag: '--domain',
    label: 'nginx server_name', where: 'the domain nginx answers for (default: the host of the server URL)', example: 'live.example.com' }),
  f({ path: 'server.tlsCert', kind: 'path', env: ['MINILVB_TLS_CERT'], flag: '--tls-cert',
    label: 'TLS certificate path', where: 'path ON THE SERVER of the certificate chain (PEM) for nginx listen 443 ssl; unset: HTTP only', example: '/etc/nginx/ssl/live.example.com.crt' }),
  f({ path: 'server.tlsKey', kind: 'path', env: ['MINILVB_TLS_KEY'], flag: '--tls-key',
    label: 'TLS key path', where: 'path ON THE SERVER of the certificate private key (PEM)', example: '/etc/nginx/ssl/live.example.com.key' }),
  f({ path: 'server.phpRoot', kind: 'path', default: '/data/live_demo_service', env: ['MINILVB_PHP_ROOT'], flag: '--php-root',
    label: 'PHP code root', where: 'directory of the PHP server code on the CVM (the guides use /data/live_demo_service)' }),
  f({ path: 'server.phpUser', kind: 'string', env: ['MINILVB_PHP_USER'], flag: '--php-user', rule: 'unixUser',
    label: 'php-fpm pool user', where: 'the user php-fpm runs as on the CVM (www-data on Debian, nginx or apache on CentOS); unset: cvm-setup.sh detects it', example: 'www-data' }),

  f({ path: 'db.host', kind: 'host', env: ['MINILVB_DB_HOST'], flag: '--db-host', label: 'Database host', where: 'MySQL/MariaDB host (unset: embedded store)', example: '127.0.0.1' }),
  f({ path: 'db.port', kind: 'port', default: 3306, env: ['MINILVB_DB_PORT'], flag: '--db-port', label: 'Database port', where: 'MySQL port' }),
  f({ path: 'db.name', kind: 'string', default: 'live_demo', env: ['MINILVB_DB_NAME'], flag: '--db-name', rule: 'identifier',
    label: 'Database name', where: 'database of the Mini LVB tables (createDB.sh: live_demo)' }),
  f({ path: 'db.user', kind: 'string', default: 'live_user', env: ['MINILVB_DB_USER'], flag: '--db-user', rule: 'identifier',
    label: 'Database user', where: 'application user (createDB.sh: live_user)' }),
  f({ path: 'db.password', kind: 'string', secret: true, env: ['MINILVB_DB_PASSWORD'], flag: '--db-password',
    label: 'Database password', where: 'the application user password ([DB] PASSWD in cdn.route.ini); leave it unset and `minilvb db provision` generates one' }),

  f({ path: 'cloud.secretId', kind: 'string', secret: true, env: ['MINILVB_CLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_ID'], flag: '--cloud-secret-id', rule: 'secretId',
    label: 'Cloud API SecretId', where: 'CAM console > API keys (used by doctor to read LVB settings)' }),
  f({ path: 'cloud.secretKey', kind: 'string', secret: true, env: ['MINILVB_CLOUD_SECRET_KEY', 'TENCENTCLOUD_SECRET_KEY'], flag: '--cloud-secret-key', rule: 'secretKey',
    label: 'Cloud API SecretKey', where: 'CAM console > API keys' }),
  f({ path: 'cloud.liveEndpoint', kind: 'url', default: 'https://live.tencentcloudapi.com', env: ['MINILVB_LIVE_ENDPOINT'], flag: '--live-endpoint',
    label: 'Live API endpoint', where: 'override only for emulators or proxies' }),
  f({ path: 'cloud.imEndpoint', kind: 'url', default: 'https://console.tim.qq.com', env: ['MINILVB_IM_ENDPOINT'], flag: '--im-endpoint',
    label: 'IM REST endpoint', where: 'override only for emulators or proxies' }),
  f({ path: 'cloud.cosEndpoint', kind: 'string', env: ['MINILVB_COS_ENDPOINT'], flag: '--cos-endpoint',
    label: 'COS endpoint (host:port)', where: 'override only for emulators: requests go there with the real bucket Host header' }),
];

export const FIELD_BY_PATH: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((d) => [d.path, d]));

/** Whether a string (a key given by the user, a flag's field) is the path of a config field. */
export function isConfigPath(path: string): path is ConfigPath {
  return FIELD_BY_PATH.has(path);
}

/** The paths of every secret field. */
export const SECRET_PATHS: readonly ConfigPath[] = FIELDS.filter((d) => d.secret).map((d) => d.path);

/** Files whose content stands in for a field (`im.privateKeyFile` → `im.privateKey`). */
export const FILE_FIELDS: Readonly<Record<string, { target: ConfigPath; env: string; flag: string }>> = {
  'im.privateKeyFile': { target: 'im.privateKey', env: 'MINILVB_IM_PRIVATE_KEY_FILE', flag: '--im-private-key-file' },
  'im.publicKeyFile': { target: 'im.publicKey', env: 'MINILVB_IM_PUBLIC_KEY_FILE', flag: '--im-public-key-file' },
};


export { FORMAT_RULES };
