/**
 * The troubleshooting knowledge base (docs/troubleshooting.md) as data: every log keyword the FAQ
 * names, with the entry id, the cause and the fix. `doctor --log` matches these line by line.
 * Add a keyword here, nowhere else.
 */
import type { CheckFix } from '../check.js';

/** One knowledge-base entry. */
export interface LogPattern {
  /** docs/troubleshooting.md id. */
  faqId: string;
  /** What the user would search for (shown in the finding). */
  keyword: string;
  pattern: RegExp;
  severity: 'fail' | 'warn';
  cause: string;
  fix: CheckFix;
}

const COS_CONSOLE = 'https://console.cloud.tencent.com/cos/bucket';
const CAM_KEYS = 'https://console.cloud.tencent.com/cam/capi';

export const LOG_PATTERNS: readonly LogPattern[] = [
  // docs/troubleshooting.md#1-broadcasting-and-server-keys: broadcaster / push
  {
    faqId: 'LVB-PUSH-KEY',
    keyword: 'RTMP server actively disconnects',
    pattern: /RTMP服务器主动断开|RTMP server (actively )?disconnect/i,
    severity: 'fail',
    cause:
      'Tencent refused the push URL: the push anti-leech key (txSecret) is ' +
      'wrong, or (legacy) APP_BIZID / the push domain is wrong ' +
      '(LVB-APPID-BIZID)',
    fix: {
      text:
        'Copy the push key of the push domain again (lvb.pushKey) and check the ' +
        'bizid / push domain; minilvb doctor lvb compares them with the cloud.',
      commands: ['minilvb doctor lvb keys'],
      link: 'https://console.cloud.tencent.com/live/domainmanage',
    },
  },
  // docs/troubleshooting.md#1-broadcasting-and-server-keys: COS (v4 codes of the old apps and v5 codes)
  {
    faqId: 'COS-APPID',
    keyword: 'ERROR_PROXY_APPID_USERID_NOTMATCH (-70)',
    pattern: /ERROR_PROXY_APPID_USERID_NOTMATCH|code[:=\s]*-70\b/,
    severity: 'fail',
    cause: "COSKEY_APPID (cos.appId) is not the APPID of the bucket's account",
    fix: { text: 'Set cos.appId to the digits after the last "-" in the COS bucket list.', link: COS_CONSOLE },
  },
  {
    faqId: 'COS-BUCKET',
    keyword: 'ERROR_PROXY_SIGN_BUCKET_NOTMATCH (-61)',
    pattern: /ERROR_PROXY_SIGN_BUCKET_NOTMATCH|code[:=\s]*-61\b/,
    severity: 'fail',
    cause:
      'the bucket in the signature does not exist for this APPID: ' +
      "COSKEY_BUCKET (cos.bucket) or the app's COS_BUCKET is wrong " +
      '(APP-COS-PARAMS)',
    fix: {
      text:
        'Set cos.bucket to the short bucket name (without -APPID) from the COS ' +
        'console, in the server config and the app constants.',
      link: COS_CONSOLE,
    },
  },
  {
    faqId: 'COS-BUCKET',
    keyword: 'NoSuchBucket',
    pattern: /NoSuchBucket/,
    severity: 'fail',
    cause: 'the bucket {cos.bucket}-{cos.appId} does not exist in region cos.region',
    fix: {
      text: 'Check bucket, APPID and region against the COS bucket list (minilvb doctor cos names which one).',
      commands: ['minilvb doctor cos'],
      link: COS_CONSOLE,
    },
  },
  {
    faqId: 'COS-SECRETID',
    keyword: 'InvalidAccessKeyId / PROXY_AUTH_SECRETID_NOEXIST (-79)',
    pattern: /InvalidAccessKeyId|PROXY_AUTH_SECRETID_NOEXIST|code[:=\s]*-79\b/,
    severity: 'fail',
    cause: 'COSKEY_SECRECTID (cos.secretId) is not an existing SecretId',
    fix: { text: 'Copy the SecretId/SecretKey pair from the API keys page.', link: CAM_KEYS },
  },
  {
    faqId: 'COS-SECRETKEY',
    keyword: 'SignatureDoesNotMatch / ERROR_PROXY_AUTH_FAILED (-97)',
    pattern: /SignatureDoesNotMatch|ERROR_PROXY_AUTH_FAILED|code[:=\s]*-97\b/,
    severity: 'fail',
    cause: 'COSKEY_SECRECTKEY (cos.secretKey) does not belong to the SecretId, so /get_cos_sign hands out bad signKeys',
    fix: {
      text: 'Put the SecretKey of the SecretId into the server config (COSKEY_SECRECTKEY, spelled SECRECT).',
      link: CAM_KEYS,
    },
  },
  {
    faqId: 'APP-COS-REGION',
    keyword: 'ERROR_CMD_BUCKET_NOTEXIST (-133)',
    pattern: /ERROR_CMD_BUCKET_NOTEXIST|code[:=\s]*-133\b/,
    severity: 'fail',
    cause: "the app's COS region (kTCCOSRegion / COS_REGION / cos.region) is not the bucket's region",
    fix: {
      text:
        "Set the region to the bucket's region shown in the COS bucket list " +
        '(e.g. ap-guangzhou; legacy v4 apps: gz/tj/sh).',
      link: COS_CONSOLE,
    },
  },
  {
    faqId: 'COS-V4-BUCKET',
    keyword: 'bucket notexist',
    pattern: /bucket notexist/i,
    severity: 'fail',
    cause: 'a bucket created on the pre-2016 COS system is used with the v4 SDK, or the bucket is gone',
    fix: { text: 'Create a new bucket and update the server and app parameters.', link: COS_CONSOLE },
  },
  {
    faqId: 'COS-CLOCK',
    keyword: 'RequestTimeTooSkewed / Request has expired / ERROR_PROXY_AUTH_EXPIRED (-96)',
    pattern: /RequestTimeTooSkewed|Request has expired|ERROR_PROXY_AUTH_EXPIRED|code[:=\s]*-96\b/,
    severity: 'fail',
    cause: 'the COS signature expired: the phone or server clock is off, or keys live only COSKEY_EXPIRED_TIME (30 s)',
    fix: { text: 'Enable NTP; raise cos.expiredTime (e.g. 300).', commands: ['timedatectl set-ntp true'] },
  },
  {
    faqId: 'COS-CDN',
    keyword: 'upload image failed',
    pattern: /upload image failed/i,
    severity: 'fail',
    cause: 'the avatar/cover upload to COS failed; the code after it names the COS parameter',
    fix: { text: 'Run the COS and app checks: minilvb doctor cos app.', commands: ['minilvb doctor cos app'] },
  },
  // docs/troubleshooting.md#2-constants-built-into-the-apps
  {
    faqId: 'APP-IM-PARAMS',
    keyword: 'IM error 70001/70003/70009/70013/70014/70016/70020',
    pattern: /(?:code|err(?:or)?(?:_?code)?|ErrorCode)["'\s]*[:=]\s*["']?(7000[139]|7001[346]|70020)\b/i,
    severity: 'fail',
    cause:
      "IM login failed: the app's SDKAppID / key do not fit the server's " +
      'IM_SDKAPPID / IM_SECRETKEY (70009 wrong key, 70014/70016/70020 wrong ' +
      'SDKAppID, 70001 expired, 70003 garbled, 70013 other user)',
    fix: {
      text: 'Make the app constants, the server config and im.* agree; minilvb doctor im app checks them against IM.',
      commands: ['minilvb doctor im app'],
    },
  },
  {
    faqId: 'APP-SERVER-ADDR',
    keyword: 'request timeout / kError_HttpError (-10003)',
    pattern: /kError_HttpError|-10003\b|request time ?out/i,
    severity: 'fail',
    cause:
      'the app cannot reach the business server: wrong kHttpServerAddr / ' +
      'APP_SVR_URL host, a trailing "/", or closed ports',
    fix: { text: 'Check the server URL and reachability: minilvb doctor server.', commands: ['minilvb doctor server'] },
  },
  {
    faqId: 'APP-ATS',
    keyword: 'App Transport Security',
    pattern: /App Transport Security|NSURLErrorDomain.*-1022|Code=-1022/i,
    severity: 'fail',
    cause: 'iOS blocks plain http:// connections',
    fix: { text: 'Serve HTTPS and set kHttpServerAddr to https://…, or add an ATS exception (development only).' },
  },
  {
    faqId: 'APP-LICENCE',
    keyword: 'licence/license check failed',
    pattern: /licen[cs]e[^\n]{0,40}(fail|invalid|error|expired|not match)/i,
    severity: 'fail',
    cause: 'LICENCE_URL / LICENCE_KEY missing, or bound to another package name / bundle id',
    fix: {
      text: "Create a licence for the app's package name / bundle id and set LICENCE_URL and LICENCE_KEY.",
      link: 'https://console.cloud.tencent.com/live/license',
    },
  },
  // docs/troubleshooting.md#3-replays-missing-or-failing
  {
    faqId: 'CB-API-KEY',
    keyword: 'check_sign error / sign does not match',
    pattern: /check_sign error|sign does not match md5/i,
    severity: 'fail',
    cause: 'a callback was rejected: API_KEY on the server differs from the console callback key',
    fix: {
      text:
        'Make lvb.apiKey / API_KEY equal to the callback template key ' +
        '(minilvb doctor keys shows which copy differs).',
      commands: ['minilvb doctor keys callback'],
    },
  },
  {
    faqId: 'VOD-SIGN-500',
    keyword: 'EC_SYSTEM_INVALID_SIGN / tape_callback.php 500',
    pattern: /EC_SYSTEM_INVALID_SIGN|tape_callback\.php[^\n]*\s500\s/,
    severity: 'fail',
    cause: 'PHP 8 crashes on a wrongly signed callback (HTTP 500, Tencent retries): the API key is wrong',
    fix: { text: 'Fix the key (CB-API-KEY); use the bundled server.', commands: ['minilvb doctor keys callback'] },
  },
  {
    faqId: 'VOD-DB-TABLES',
    keyword: "Table '…' doesn't exist",
    pattern: /Table '[^']*' doesn't exist/i,
    severity: 'fail',
    cause: 'createDB.sh never ran or failed, so the tables are missing',
    fix: {
      text: 'Create the schema without dropping anything: minilvb db provision.',
      commands: ['minilvb db provision'],
    },
  },
  {
    faqId: 'VOD-DB-TABLES',
    keyword: "Invalid default value for 'start_time'",
    pattern: /Invalid default value for 'start_time'/i,
    severity: 'fail',
    cause: "MySQL ≥ 5.7 strict mode rejected createDB.sh's tb_vod, so the table is missing",
    fix: {
      text: 'Create the schema with minilvb db provision (it uses a valid default).',
      commands: ['minilvb db provision'],
    },
  },
  {
    faqId: 'VOD-NO-ROOM',
    keyword: 'getRoomInfo Error / no tb_room row',
    pattern: /getRoomInfo Error|the user has no tb_room row/i,
    severity: 'fail',
    cause:
      'a recording arrived for a user without a tb_room row (the app never ' +
      'called /upload_room, or it crashed on PHP 8), so it was dropped',
    fix: { text: 'Use the bundled server, or patch upload_room.php (dao_live::ERROR_CODE_SUCCESSFUL).' },
  },
  {
    faqId: 'VOD-STREAM-ID',
    keyword: 'stream_id has no userid',
    pattern: /stream_id has no userid/i,
    severity: 'fail',
    cause: 'the stream name does not contain the userid after the first "_"',
    fix: { text: 'Push as {prefix}_{userid}, or set server.streamUserRule.' },
  },
  {
    faqId: 'VOD-TOO-SHORT',
    keyword: 'tape duration too short',
    pattern: /tape duration too short/i,
    severity: 'warn',
    cause: 'recordings of 60 s or less are ignored by design',
    fix: { text: 'Test with pushes longer than one minute.' },
  },
  {
    faqId: 'VOD-NO-VIDEOID',
    keyword: 'EC_SYSTEM_INVALID_PARA / video_id missing',
    pattern: /EC_SYSTEM_INVALID_PARA|video_id and file_id missing/i,
    severity: 'fail',
    cause: 'a callback lacked a field the server requires (current recording events may omit video_id)',
    fix: { text: 'Use the bundled server (falls back to file_id).' },
  },
  {
    faqId: 'VOD-DB-WRITE',
    keyword: 'database statement failed',
    pattern: /database statement failed|mysql_query failed|Data too long for column/i,
    severity: 'fail',
    cause: 'the server could not write a row: changed schema, strict-mode rejection or a too long value',
    fix: { text: 'Compare the schema: minilvb doctor database.', commands: ['minilvb doctor database'] },
  },
  // docs/troubleshooting.md#4-the-room-list-does-not-load: lists / database / redis
  {
    faqId: 'DB-ACCESS',
    keyword: 'Access denied for user',
    pattern: /Access denied for user/i,
    severity: 'fail',
    cause:
      'the DB user/password in cdn.route.ini / the server config differ from ' +
      "the database (or an anonymous ''@localhost account shadows the user: " +
      'DB-ANON-USER)',
    fix: {
      text:
        "Make the server's DB settings match the database (minilvb db provision, " +
        'then minilvb generate --only php, write both).',
      commands: ['minilvb doctor database'],
    },
  },
  {
    faqId: 'DB-ACCESS',
    keyword: 'HTTP 500 (HTTP Req error, error code:500 / internal server error)',
    pattern: /HTTP Req error, error code:\s*500|internal server error/i,
    severity: 'fail',
    cause: 'the server failed on a database operation (code 500): DB credentials, missing tables, or Redis down',
    fix: {
      text: 'Run the server and database checks and read mysql_error*.log.php.',
      commands: ['minilvb doctor server database'],
    },
  },
  {
    faqId: 'DB-ACCESS',
    keyword: 'database unavailable',
    pattern: /database unavailable/i,
    severity: 'fail',
    cause: 'the bundled server cannot reach its database',
    fix: {
      text: 'Start the database and check db.* (minilvb doctor database).',
      commands: ['minilvb doctor database'],
    },
  },
  {
    faqId: 'REDIS-DOWN',
    keyword: 'RedisException / NOAUTH',
    pattern: /RedisException|NOAUTH|WRONGPASS/,
    severity: 'fail',
    cause:
      'the PHP server keeps sessions in Redis, which is down or has another password than [REDIS] in cdn.route.ini',
    fix: {
      text: 'Start Redis and align the password; the bundled server needs no Redis.',
      commands: ['redis-cli -a <PASSWD> PING'],
    },
  },
  // docs/troubleshooting.md#5-images-storage-generations-registration-cloud-access: registration
  {
    faqId: 'REG-RATE-LIMIT',
    keyword: '登录失败注册操作被安全打击',
    pattern: /登录失败注册操作被安全打击|Registration operation is rejected for security reason/i,
    severity: 'warn',
    cause: 'too many registrations from one network (legacy hosted-account system, not the business server)',
    fix: { text: 'Register less often and wait.' },
  },
  {
    faqId: 'API-*',
    keyword: 'AuthFailure',
    pattern: /AuthFailure\.[A-Za-z]+/,
    severity: 'fail',
    cause: 'a Tencent Cloud API call was refused: wrong or unauthorised CAM key, or clock skew',
    fix: {
      text: 'Check cloud.secretId/secretKey and the CAM policy (QcloudLiveFullAccess / QcloudCOSFullAccess).',
      link: CAM_KEYS,
    },
  },
  // docs/troubleshooting.md#6-deployment-and-server-health
  {
    faqId: 'SRV-PHP',
    keyword: 'connect() failed … upstream',
    pattern: /connect\(\) (to [^ ]+ )?failed[^\n]*(upstream|127\.0\.0\.1:9000)/i,
    severity: 'fail',
    cause: 'nginx cannot reach php-fpm (not running, or not on 127.0.0.1:9000)',
    fix: {
      text: 'Start php-fpm and check fastcgi_pass in live_demo.nginx.',
      commands: ['systemctl status php-fpm', 'nginx -T | grep fastcgi_pass'],
    },
  },
  {
    faqId: 'SRV-LOG-PERM',
    keyword: 'upstream sent too big header',
    pattern: /upstream sent too big header/i,
    severity: 'fail',
    cause: "PHP warnings flood the FastCGI headers because the code's log/ directory is not writable",
    fix: { text: 'Make log/ writable by the php-fpm user (mode 0750, owned by it).' },
  },
  {
    faqId: 'SRV-PHP8',
    keyword: 'Undefined constant "ERROR_CODE_SUCCESSFUL"',
    pattern: /Undefined constant "?ERROR_CODE_SUCCESSFUL/i,
    severity: 'fail',
    cause: 'the PHP reference is not PHP 8-ready: /upload_room crashes and later recordings are dropped',
    fix: { text: 'Patch upload_room.php line 38 to dao_live::ERROR_CODE_SUCCESSFUL, or use the bundled server.' },
  },
  {
    faqId: 'SRV-LEAK',
    keyword: 'GET /conf/cdn.route.ini 200',
    pattern: /GET \/(conf\/cdn\.route\.ini|conf\/OutDefine\.php|createDB\.sh)[^\n]*" 200 /,
    severity: 'fail',
    cause: 'someone downloaded a config file with passwords from the web root',
    fix: { text: 'Deny /conf/ and /createDB.sh in nginx and rotate the passwords.' },
  },
];
