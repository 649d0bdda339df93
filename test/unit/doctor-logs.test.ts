import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { CHECKS, runDoctor } from '../../src/doctor/index.js';
import { LOG_PATTERNS } from '../../src/doctor/knowledge/log-patterns.js';
import { MAX_TAIL_BYTES, scanLog } from '../../src/doctor/knowledge/scan-log.js';

/** Real-looking lines, one or more per knowledge-base entry (docs/troubleshooting.md keywords). */
const SAMPLES: ReadonlyArray<[string, string]> = [
  ['LVB-PUSH-KEY', '2024-01-01 10:00:01 [rtmpsdk] E: RTMP服务器主动断开，请检查推流地址的合法性或防盗链有效期'],
  ['LVB-PUSH-KEY', 'W/TXRTMPPusher: RTMP server actively disconnects'],
  ['COS-APPID', 'applog:upload image failed, code:-70, msg:ERROR_PROXY_APPID_USERID_NOTMATCH'],
  ['COS-BUCKET', 'cos upload result: ERROR_PROXY_SIGN_BUCKET_NOTMATCH'],
  ['COS-BUCKET', '<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist.</Message></Error>'],
  ['COS-SECRETID', 'PutObject failed: InvalidAccessKeyId'],
  ['COS-SECRETKEY', 'PutObject failed: SignatureDoesNotMatch'],
  ['APP-COS-REGION', 'upload failed code:-133 ERROR_CMD_BUCKET_NOTEXIST'],
  ['COS-V4-BUCKET', '{"code":-133,"message":"bucket notexist"}'],
  ['COS-CLOCK', '<Code>RequestTimeTooSkewed</Code>'],
  ['COS-CDN', 'applog:upload image failed, code:-1, msg:unknown'],
  ['APP-IM-PARAMS', 'IMSDK login failed, code: 70009, desc: tls_check_signature failed'],
  ['APP-SERVER-ADDR', 'HTTP request failed: kError_HttpError -10003 request timeout'],
  ['APP-ATS', 'App Transport Security has blocked a cleartext HTTP (http://) resource load'],
  ['APP-LICENCE', 'TXLiveBase: license check failed, package name not match'],
  ['CB-API-KEY', '[2024-01-01 10:00:00] check_sign error:abc:def'],
  [
    'VOD-SIGN-500',
    'PHP Fatal error:  Uncaught Error: Undefined constant "EC_SYSTEM_INVALID_SIGN" in /data/live_demo_service/callback/tape_callback.php:40',
  ],
  [
    'VOD-SIGN-500',
    '1.2.3.4 - - [01/Jan/2024:10:00:00 +0800] "POST /callback/tape_callback.php HTTP/1.1" 500 0 "-" "-"',
  ],
  ['VOD-DB-TABLES', "mysqli query failed: Table 'live_demo.tb_vod' doesn't exist"],
  ['VOD-DB-TABLES', "ERROR 1067 (42000) at line 30: Invalid default value for 'start_time'"],
  ['VOD-NO-ROOM', '[2024-01-01] getRoomInfo Error:jacqiu'],
  [
    'VOD-STREAM-ID',
    '{"level":"warn","msg":"recording not attached: stream_id has no userid under the configured rule"}',
  ],
  ['VOD-TOO-SHORT', 'tape duration too short:42'],
  ['VOD-NO-VIDEOID', ' EC_SYSTEM_INVALID_PARA error'],
  ['VOD-DB-WRITE', '{"level":"error","msg":"database statement failed","code":"ER_BAD_FIELD_ERROR"}'],
  ['DB-ACCESS', "mysqli_connect failed, error:Access denied for user 'live_user'@'localhost' to database 'live'"],
  ['DB-ACCESS', 'E/TCHTTPMgr: HTTP Req error, error code:500'],
  [
    'DB-ACCESS',
    '{"level":"error","msg":"database unavailable: answering 500 (path protocol) / 503 (callbacks) until it is back"}',
  ],
  ['REDIS-DOWN', 'PHP Fatal error:  Uncaught RedisException: NOAUTH Authentication required.'],
  ['REG-RATE-LIMIT', '登录失败注册操作被安全打击'],
  [
    'API-*',
    '[TencentCloudSDKException] code=AuthFailure.SignatureFailure message=The provided credentials could not be validated.',
  ],
  [
    'SRV-PHP',
    '2024/01/01 10:00:00 [error] 123#0: *1 connect() failed (111: Connection refused) while connecting to upstream, upstream: "fastcgi://127.0.0.1:9000"',
  ],
  ['SRV-LOG-PERM', '2024/01/01 [error] upstream sent too big header while reading response header from upstream'],
  ['SRV-PHP8', 'PHP Fatal error:  Uncaught Error: Undefined constant "ERROR_CODE_SUCCESSFUL" in upload_room.php:38'],
  ['SRV-LEAK', '5.6.7.8 - - [01/Jan/2024:10:00:00 +0800] "GET /conf/cdn.route.ini HTTP/1.1" 200 312 "-" "curl/8"'],
];

const config = (await loadConfig({ cwd: '/nonexistent', env: {}, home: '/nonexistent' })).config;
const meta = { file: undefined, profile: undefined, sources: {}, issues: [] };
const scanLogs = (files: string[], cwd = '/') =>
  runDoctor({ checks: CHECKS, config, meta, inputs: { cwd, logFiles: files }, select: ['logs'] });

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-logs-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('log knowledge base', () => {
  it('every entry of the knowledge base is matched by at least one sample line, and each sample by its own entry', async () => {
    for (const p of LOG_PATTERNS)
      assert.ok(
        SAMPLES.some(([id, line]) => id === p.faqId && p.pattern.test(line)),
        `no sample for ${p.faqId} ${p.keyword}`,
      );
    for (const [id, line] of SAMPLES) {
      const scan = await scanLog(tmpFile('one.log', `${line}\n`));
      assert.ok(
        scan.hits.some((h) => h.pattern.faqId === id),
        `"${line}" did not give ${id} (got ${scan.hits.map((h) => h.pattern.faqId).join(', ') || 'nothing'})`,
      );
    }
  });

  it('clean logs give no finding', async () => {
    const file = tmpFile(
      'nginx.log',
      '1.2.3.4 - - "POST /login HTTP/1.1" 200 120\nI/TXRTMPPusher: push started\n{"level":"info","msg":"request","path":"/get_vod_list","status":200}\n',
    );
    const report = await scanLogs([file]);
    assert.equal(report.results[0]?.status, 'pass');
    assert.match(report.results[0]?.summary ?? '', /no known failure keywords in 1 file \(3 lines read\)/);
  });

  it('turns each keyword into a finding with cause, fix and faq id, counting repeats and masking tokens', async () => {
    const app = tmpFile(
      'rtmpsdk_20240101.log',
      [
        'I: start push rtmp://push.example.com/live/s1?txSecret=0123456789abcdef0123456789abcdef&txTime=5F000000',
        'E: RTMP服务器主动断开 url=rtmp://push.example.com/live/s1?txSecret=0123456789abcdef0123456789abcdef',
        'E: RTMP服务器主动断开',
      ].join('\n'),
    );
    const server = tmpFile(
      'mysql_error20240101.log.php',
      "<?php die(); ?>\nmysqli_connect failed, error:Access denied for user 'live_user'@'localhost'\n",
    );
    const report = await scanLogs([app, server]);
    const r = report.results[0];
    assert.equal(r?.status, 'fail');
    const ids = (r?.findings ?? []).map((f) => f.faqId);
    assert.deepEqual(ids.sort(), ['DB-ACCESS', 'LVB-PUSH-KEY']);
    const push = r?.findings?.find((f) => f.faqId === 'LVB-PUSH-KEY');
    assert.match(push?.summary ?? '', /2× in .*rtmpsdk_20240101\.log/);
    assert.doesNotMatch(JSON.stringify(r), /0123456789abcdef0123456789abcdef/);
    assert.match(push?.cause ?? '', /push anti-leech key/);
    const db = r?.findings?.find((f) => f.faqId === 'DB-ACCESS');
    assert.match(db?.cause ?? '', /cdn\.route\.ini/);
  });

  it('a warn-only keyword gives warn; an unreadable file is an error finding, not a crash', async () => {
    const short = tmpFile('component_error.log.php', 'tape duration too short:30\n');
    const report = await scanLogs([short, '/nonexistent/nginx-error.log']);
    const r = report.results[0];
    assert.equal(r?.status, 'error');
    assert.ok(r?.findings?.some((f) => f.status === 'warn' && f.faqId === 'VOD-TOO-SHORT'));
    assert.ok(r?.findings?.some((f) => f.status === 'error' && /ENOENT/.test(f.summary)));
  });

  it('reads only the tail of a big file', async () => {
    const filler = `${'x'.repeat(99)}\n`.repeat(Math.ceil(MAX_TAIL_BYTES / 100) + 1000);
    const file = tmpFile('big.log', `Access denied for user 'old'@'localhost'\n${filler}tape duration too short:10\n`);
    const scan = await scanLog(file);
    assert.ok(scan.readBytes <= MAX_TAIL_BYTES && scan.bytes > MAX_TAIL_BYTES);
    assert.deepEqual(
      scan.hits.map((h) => h.pattern.faqId),
      ['VOD-TOO-SHORT'],
    );
  });

  it('without --log the check is skipped with how to give logs', async () => {
    const report = await scanLogs([]);
    assert.equal(report.results[0]?.status, 'skip');
    assert.match(report.results[0]?.summary ?? '', /--log <file>/);
  });
});
