/**
 * `doctor --php-dir`: config.php-deployment reads a PHP deployment's conf/OutDefine.php (never
 * running it) and conf/cdn.route.ini, and keys.fingerprints shows the PHP copy as one more column.
 * Files come from `minilvb generate`, then one value is broken, or are written by hand with hostile values.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { CHECKS, runDoctor, type CheckResult, type DoctorReport } from '../../src/doctor/index.js';
import { fingerprint } from '../../src/secrets/mask.js';
import { currentConfig, legacyConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const DB = { host: '127.0.0.1', port: 3306, name: 'live_demo', user: 'live_user', password: TEST_SECRETS.dbPassword };
/** No server URL and no cloud credentials: nothing leaves this machine. */
const offline = (raw: Record<string, unknown>): Record<string, unknown> => ({ ...raw, server: {}, cloud: {}, db: DB });

/** A project with the given config and `minilvb generate --only php` output in ./out/php. */
async function generated(raw: Record<string, unknown>): Promise<{ dir: string; php: string }> {
  const dir = projectDir(raw);
  const r = await runCli(['generate', '--only', 'php', '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return { dir, php: join(dir, 'out', 'php') };
}

async function doctor(
  dir: string,
  phpDir: string | undefined,
  select = ['config.php-deployment', 'keys.fingerprints'],
): Promise<DoctorReport> {
  const loaded = await loadConfig({ cwd: dir, env: {}, home: dir });
  return runDoctor({
    checks: CHECKS,
    config: loaded.config,
    meta: { file: loaded.file, profile: loaded.profile, sources: loaded.sources, issues: loaded.issues },
    inputs: { cwd: dir, ...(phpDir ? { phpDir } : {}) },
    select,
  });
}

const resultOf = (r: DoctorReport, id: string): CheckResult => r.results.find((x) => x.id === id) as CheckResult;
const edit = (file: string, from: string | RegExp, to: string): void => {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  assert.notEqual(next, text, `nothing to replace in ${file}`);
  writeFileSync(file, next);
};
const noSecrets = (r: DoctorReport, extra: string[] = []): void => {
  const text = JSON.stringify(r);
  for (const s of [...Object.values(TEST_SECRETS), ...extra])
    assert.ok(!text.includes(s), `a secret leaked: ${s.slice(0, 6)}…`);
};

describe('doctor --php-dir', () => {
  it('without --php-dir the check is skipped and says what to give', async () => {
    const { dir } = await generated(offline(currentConfig()));
    const r = await doctor(dir, undefined, ['config.php-deployment']);
    assert.equal(resultOf(r, 'config.php-deployment').status, 'skip');
    assert.match(resultOf(r, 'config.php-deployment').summary, /no --php-dir given/);
  });

  it('generated files agree with the config; keys.fingerprints shows the PHP column', async () => {
    const { dir, php } = await generated(offline(currentConfig()));
    const r = await doctor(dir, php);
    const check = resultOf(r, 'config.php-deployment');
    assert.equal(check.status, 'pass', JSON.stringify(check));
    assert.match(check.summary, /OutDefine\.php and cdn\.route\.ini agree with your config \(9 constants read\)/);
    const keys = resultOf(r, 'keys.fingerprints');
    assert.equal(keys.status, 'pass', JSON.stringify(keys));
    assert.equal(
      keys.evidence?.['lvb.apiKey'],
      `local ${fingerprint(TEST_SECRETS.apiKey)}  php ${fingerprint(TEST_SECRETS.apiKey)}`,
    );
    assert.match(keys.summary, /php: yes/);
    noSecrets(r);
  });

  it('a different API_KEY and DB password: each names the PHP copy by fingerprint, never the value', async () => {
    const { dir, php } = await generated(offline(currentConfig()));
    const wrongKey = 'ZzPhpSideApiKey00000000000000000';
    edit(join(php, 'conf/OutDefine.php'), TEST_SECRETS.apiKey, wrongKey);
    edit(join(php, 'conf/cdn.route.ini'), `PASSWD=${TEST_SECRETS.dbPassword}`, 'PASSWD=SomeOtherPassword1');
    edit(join(php, 'conf/cdn.route.ini'), 'USER=live_user', 'USER=root');
    const r = await doctor(dir, php);
    const check = resultOf(r, 'config.php-deployment');
    assert.equal(check.status, 'fail');
    assert.equal(check.faqId, 'CB-API-KEY');
    const summaries = (check.findings ?? []).map((f) => f.summary);
    assert.ok(
      summaries.includes(
        `API_KEY: the PHP copy (OutDefine.php line 3) has fingerprint ${fingerprint(wrongKey)}, your config lvb.apiKey has ${fingerprint(TEST_SECRETS.apiKey)}`,
      ),
      summaries.join('\n'),
    );
    assert.ok(
      summaries.includes(
        `cdn.route.ini [DB] PASSWD: the PHP copy has fingerprint ${fingerprint('SomeOtherPassword1')}, your config db.password has ${fingerprint(TEST_SECRETS.dbPassword)}`,
      ),
      summaries.join('\n'),
    );
    assert.ok(
      summaries.includes('cdn.route.ini [DB] USER: the PHP copy has "root", your config db.user has "live_user"'),
      summaries.join('\n'),
    );
    assert.equal((check.findings ?? []).find((f) => f.summary.includes('PASSWD'))?.faqId, 'DB-ACCESS');
    assert.match(check.cause ?? '', /one copy is wrong/);
    const keys = resultOf(r, 'keys.fingerprints');
    assert.equal(keys.status, 'fail');
    assert.match(keys.cause ?? '', /another value|differ/);
    noSecrets(r, [wrongKey, 'SomeOtherPassword1']);
  });

  it('COSKEY_SECRETKEY / COSKEY_SECRETID without the extra C fail; CALL_BACK_KEY ≠ API_KEY warns', async () => {
    const { dir, php } = await generated(offline(currentConfig()));
    const file = join(php, 'conf/OutDefine.php');
    edit(file, "define('COSKEY_SECRECTKEY'", "define('COSKEY_SECRETKEY'");
    edit(file, "define('COSKEY_SECRECTID'", "define('COSKEY_SECRETID'");
    writeFileSync(file, `${readFileSync(file, 'utf8')}define('CALL_BACK_KEY', 'ZzOldConsoleKey0000000000000000a');\n`);
    const r = await doctor(dir, php, ['config.php-deployment']);
    const check = resultOf(r, 'config.php-deployment');
    assert.equal(check.status, 'fail');
    const f = check.findings ?? [];
    const secretKey = f.find(
      (x) => x.summary.includes('COSKEY_SECRETKEY,') || /defines COSKEY_SECRETKEY/.test(x.summary),
    );
    assert.equal(secretKey?.status, 'fail');
    assert.equal(secretKey?.faqId, 'COS-SECRETKEY');
    assert.match(
      secretKey?.summary ?? '',
      /line 8 defines COSKEY_SECRETKEY, but the PHP code reads COSKEY_SECRECTKEY, which is not defined/,
    );
    assert.match(secretKey?.cause ?? '', /undefined constant/);
    assert.equal(f.find((x) => /defines COSKEY_SECRETID/.test(x.summary))?.faqId, 'COS-SECRETID');
    const alias = f.find((x) => x.summary.startsWith('CALL_BACK_KEY'));
    assert.equal(alias?.status, 'warn');
    assert.equal(alias?.faqId, 'CB-API-KEY');
    assert.match(alias?.cause ?? '', /API_KEY, which is authoritative/);
    assert.ok(
      f.some(
        (x) => x.summary === 'COSKEY_SECRECTKEY is not defined in OutDefine.php (cos.secretKey is set in your config)',
      ),
    );
    noSecrets(r, ['ZzOldConsoleKey0000000000000000a']);
  });

  it('a hand-written hostile OutDefine.php is read, never run; comments, duplicates and non-literals do not fool it', async () => {
    const dir = projectDir(offline(legacyConfig()));
    const php = join(dir, 'deployment');
    mkdirSync(join(php, 'conf'), { recursive: true });
    const marker = join(tmpdir(), `minilvb-php-ran-${process.pid}-${Date.now()}`);
    writeFileSync(
      join(php, 'conf/OutDefine.php'),
      [
        '<?php',
        `file_put_contents('${marker}', 'executed');`,
        "// define('API_KEY', 'commented out');",
        `define('API_KEY', '${TEST_SECRETS.apiKey}'); # the real one`,
        "/* define('APP_BIZID', 1); */",
        "define('APP_ID', 1252463788);",
        "define('APP_BIZID', 9999);",
        "define('APP_BIZID', 8888); // PHP keeps the first define",
        "define(\"COSKEY_BUCKET\", 'xiao' . 'zhibo');",
        'define(\'COSKEY_BUCKET_REGION\', "ap-$region");',
        "define('COSKEY_SECRECTKEY', 'it\\'s \"quoted\" ?> <?php \\\\ end');",
        `define('COSKEY_SECRECTID', '${TEST_SECRETS.cosSecretId}');`,
        "define('COSKEY_APPID', 0x4A817C80);",
        "define('COSKEY_EXPIRED_TIME', 30);",
        "define('IM_SDKAPPID', 1400012345);",
        "define('IM_ACCOUNTTYPE', '18647');",
        "system('rm -rf /tmp/should-never-run');",
        '?>',
        "trailing html <?php define('CALL_BACK_KEY', getenv('X')); ?>",
      ].join('\n'),
    );
    const r = await doctor(dir, php, ['config.php-deployment']);
    assert.equal(existsSync(marker), false, 'OutDefine.php was executed');
    const check = resultOf(r, 'config.php-deployment');
    const summaries = (check.findings ?? []).map((f) => `${f.status} ${f.summary}`);
    assert.ok(
      summaries.includes(
        'fail APP_BIZID: the PHP copy (OutDefine.php line 7) has 9999, your config lvb.bizId has 8888',
      ),
      summaries.join('\n'),
    );
    assert.ok(
      summaries.some((s) =>
        s.startsWith(
          `fail COSKEY_SECRECTKEY: the PHP copy (OutDefine.php line 11) has fingerprint ${fingerprint('it\'s "quoted" ?> <?php \\ end')}`,
        ),
      ),
      summaries.join('\n'),
    );
    assert.ok(
      !summaries.some((s) => /API_KEY|COSKEY_BUCKET:|COSKEY_APPID|COSKEY_SECRECTID|IM_|CALL_BACK_KEY/.test(s)),
      `API_KEY, the concatenated bucket, the hex appid, the skipped region and CALL_BACK_KEY are fine:\n${summaries.join('\n')}`,
    );
    assert.match(check.summary, /2 define\(s\) not literal, skipped/);
    assert.ok(
      summaries.includes(
        'warn COSKEY_BUCKET_REGION (OutDefine.php line 10) is not a literal value; doctor does not run PHP, so it cannot compare it with cos.region',
      ),
      summaries.join('\n'),
    );
    assert.ok(
      summaries.some((s) => s === 'warn conf/cdn.route.ini is missing'),
      summaries.join('\n'),
    );
    noSecrets(r, ['it\'s "quoted" ?> <?php \\ end']);
  });

  it('a --php-dir without conf/OutDefine.php fails saying what to give; the CLI resolves the flag against the cwd', async () => {
    const dir = projectDir(offline(currentConfig()));
    const r = await doctor(dir, tmpdir(), ['config.php-deployment']);
    assert.equal(resultOf(r, 'config.php-deployment').status, 'fail');
    assert.match(resultOf(r, 'config.php-deployment').summary, /conf\/OutDefine\.php is missing/);
    const { dir: gen } = await generated(offline(currentConfig()));
    const cli = await runCli(['doctor', 'config.php-deployment', '--php-dir', 'out/php', '--json'], { cwd: gen });
    assert.equal(cli.code, 0, cli.stdout + cli.stderr);
    const doc = cli.json<{ data: { checks: Array<{ id: string; status: string }> } }>();
    assert.deepEqual(
      doc.data.checks.map((c) => [c.id, c.status]),
      [['config.php-deployment', 'pass']],
    );
    const missing = await runCli(['doctor', 'config.php-deployment', '--php-dir', 'nowhere'], { cwd: gen });
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /--php-dir: .*nowhere is not a directory/);
  });
});
