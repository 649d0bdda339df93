/**
 * An existing PHP deployment (`--php-dir`) against the local config: conf/OutDefine.php constants
 * (read, never executed) and the [DB] section of conf/cdn.route.ini. Keys are compared by
 * fingerprint only. Names the misspelt COSKEY_SECRET* constants the PHP code never reads.
 */
import { canonicalRegion, getPath } from '../../config/index.js';
import { fingerprint } from '../../secrets/mask.js';
import { defineCheck, fail, pass, skip, warn, type CheckContext, type CheckOutcome, type Finding } from '../check.js';
import { FAQ_BY_FIELD } from '../faq.js';
import { PHP_CONSTANTS, phpDeployment, type PhpConstant, type PhpDeployment } from '../probe/php-deployment.js';

/** The check that verifies the local value against the cloud (or database): it tells which copy is right. */
const VERIFIED_BY: Readonly<Record<string, string>> = {
  'lvb.apiKey': 'lvb.callback-key',
  'cos.secretId': 'cos.secret-id',
  'cos.secretKey': 'cos.secret-key',
  'cos.bucket': 'cos.bucket',
  'cos.appId': 'cos.bucket',
  'cos.region': 'cos.bucket-region',
  'im.secretKey': 'im.usersig-accepted',
  'im.sdkAppId': 'im.usersig-accepted',
  'db.user': 'database.connect',
  'db.password': 'database.connect',
  'db.name': 'database.connect',
};

const MISSPELT: ReadonlyArray<{ wrong: string; right: string; faqId: string }> = [
  { wrong: 'COSKEY_SECRETKEY', right: 'COSKEY_SECRECTKEY', faqId: 'COS-SECRETKEY' },
  { wrong: 'COSKEY_SECRETID', right: 'COSKEY_SECRECTID', faqId: 'COS-SECRETID' },
];

export default defineCheck({
  id: 'config.php-deployment',
  group: 'config',
  title: 'PHP deployment (--php-dir) matches the config',
  needs: { after: [...new Set(Object.values(VERIFIED_BY))] },
  async run(ctx) {
    const dep = await phpDeployment(ctx);
    if (!dep) return skip('no --php-dir given (the code root of a PHP deployment, holding conf/OutDefine.php)');
    if (dep.problem)
      return fail({
        summary: `--php-dir: ${dep.problem}`,
        cause: 'the directory given is not the PHP code root',
        fix: { text: 'Give the directory that holds conf/OutDefine.php, e.g. --php-dir /data/live_demo_service.' },
        evidence: { dir: dep.dir },
      });
    if (!dep.outDefine) {
      const why = dep.unreadable.find((u) => u.path.endsWith('OutDefine.php'))?.reason ?? 'missing';
      return fail({
        summary: `${dep.dir}/conf/OutDefine.php is ${why}`,
        cause:
          why === 'missing'
            ? 'the directory is not the PHP code root, or the deployment was never configured'
            : 'doctor cannot read the file',
        fix: {
          text:
            'Give the code root (the directory holding conf/OutDefine.php); run ' +
            'doctor as a user that can read it, or generate it with minilvb generate.',
        },
        evidence: { dir: dep.dir },
      });
    }
    const findings = [...outDefineFindings(ctx, dep), ...routeIniFindings(ctx, dep)];
    const evidence = {
      outDefine: dep.outDefine.path,
      constants: dep.outDefine.constants.size,
      routeIni: dep.routeIni?.path ?? 'missing',
    };
    return summarize(findings, evidence, dep);
  },
});

function outDefineFindings(ctx: CheckContext, dep: PhpDeployment): Finding[] {
  const file = dep.outDefine as NonNullable<PhpDeployment['outDefine']>;
  const defs = file.constants;
  const at = (c: PhpConstant): string => `OutDefine.php line ${c.line}`;
  const out: Finding[] = [];
  for (const m of MISSPELT) {
    const wrong = defs.get(m.wrong);
    if (!wrong) continue;
    const right = defs.get(m.right);
    const same = right !== undefined && typeof wrong.value === 'string' && wrong.value === right.value;
    out.push({
      status: same ? 'warn' : 'fail',
      summary: same
        ? `${m.wrong} (${at(wrong)}) duplicates ${m.right}; nothing reads it`
        : `${at(wrong)} defines ${m.wrong}, but the PHP code reads ${m.right}` +
          `${right ? ' (defined with another value)' : ', which is not defined'}`,
      cause:
        `the PHP code reads the misspelt ${m.right} (SECRECT); a server ` +
        `configured with ${m.wrong} signs COS requests with an undefined ` +
        `constant, so every avatar/cover upload fails`,
      fix: {
        text: `Rename ${m.wrong} to ${m.right} in ${file.path} (minilvb generate writes the right spelling).`,
        commands: ['minilvb generate --only php'],
      },
      faqId: m.faqId,
    });
  }
  const api = defs.get('API_KEY');
  const alias = defs.get('CALL_BACK_KEY');
  if (alias && (!api || alias.value !== api.value)) {
    out.push({
      status: api ? 'warn' : 'fail',
      summary: api
        ? `CALL_BACK_KEY (${at(alias)}, fingerprint ${fp(alias.value)}) differs ` +
          `from API_KEY (${at(api)}, fingerprint ${fp(api.value)})`
        : `CALL_BACK_KEY is defined (${at(alias)}) but API_KEY is not`,
      cause:
        "no PHP code reads CALL_BACK_KEY (the seeds' name for the callback key); " +
        'the callback check uses API_KEY, which is authoritative',
      fix: {
        text: api
          ? 'Make CALL_BACK_KEY equal API_KEY, or delete it, so nobody edits the wrong one.'
          : "Define API_KEY with the console's callback key; CALL_BACK_KEY alone does nothing.",
      },
      faqId: 'CB-API-KEY',
    });
  }
  const { config } = ctx;
  for (const c of PHP_CONSTANTS) {
    const local = getPath(config, c.path);
    const php = defs.get(c.name);
    if (local === undefined || local === '') continue;
    if (!php) {
      const line = file.nonLiteral.get(c.name);
      if (line !== undefined) {
        out.push({
          status: 'warn',
          summary:
            `${c.name} (OutDefine.php line ${line}) is not a literal value; doctor ` +
            `does not run PHP, so it cannot compare it with ${c.path}`,
          cause: 'a variable or function call computes the value at runtime',
          fix: {
            text: `Write ${c.name} as a plain literal (minilvb generate does).`,
            commands: ['minilvb generate --only php'],
          },
          ...faq(c.path),
        });
        continue;
      }
      if (!c.generations.includes(ctx.config.credentials)) continue;
      out.push({
        status: 'fail',
        summary: `${c.name} is not defined in OutDefine.php (${c.path} is set in your config)`,
        cause: `the PHP server reads ${c.name}; without it PHP 8 stops with "Undefined constant"`,
        fix: {
          text: `Add define('${c.name}', …) with the value of ${c.path}; minilvb generate writes the whole file.`,
          commands: ['minilvb generate --only php'],
        },
        ...faq(c.path),
      });
      continue;
    }
    const differs = c.secret
      ? typeof php.value !== 'string' || fingerprint(php.value) !== fingerprint(String(local))
      : String(php.value ?? '') !== String(local);
    if (!differs) continue;
    const shown = c.secret
      ? `fingerprint ${fp(php.value)}, your config ${c.path} has ${fingerprint(String(local))}`
      : `${JSON.stringify(php.value)}, your config ${c.path} has ${JSON.stringify(local)}`;
    if (
      c.path === 'cos.region' &&
      canonicalRegion(String(php.value)).alias &&
      canonicalRegion(String(php.value)).region === local
    ) {
      // minilvb reads the alias as the region id, but the PHP copy hands the alias itself to the apps.
      out.push({
        status: 'fail',
        summary:
          `${c.name}: the PHP copy (${at(php)}) has the legacy alias ` +
          `${JSON.stringify(php.value)} for ${JSON.stringify(local)}`,
        cause:
          'the server passes it on in cos_info.Region; the COS v5 SDK of the apps builds the host …cos.' +
          String(php.value) +
          '.myqcloud.com, which does not exist ("Bucket not found", -133)',
        fix: {
          text:
            `Set ${c.name} to ${JSON.stringify(local)} in ${file.path} ` +
            `(minilvb generate writes the region id), then reload php-fpm.`,
          commands: ['minilvb generate --only php'],
        },
        faqId: 'APP-COS-REGION',
      });
      continue;
    }
    out.push({
      status: 'fail',
      summary: `${c.name}: the PHP copy (${at(php)}) has ${shown}`,
      ...whichCopy(ctx, c.path, `${c.name} in ${file.path}`),
      ...faq(c.path),
    });
  }
  return out;
}

function routeIniFindings(ctx: CheckContext, dep: PhpDeployment): Finding[] {
  const ini = dep.routeIni;
  if (!ini) {
    const why = dep.unreadable.find((u) => u.path.endsWith('cdn.route.ini'))?.reason ?? 'missing';
    return [
      {
        status: 'warn',
        summary: `conf/cdn.route.ini is ${why}`,
        cause: 'the PHP server reads its database login from the [DB] section of this file',
        fix: {
          text: 'Write it with minilvb db provision, then minilvb generate --only php.',
          commands: ['minilvb generate --only php'],
        },
        faqId: 'DB-ACCESS',
      },
    ];
  }
  if (!ini.db)
    return [
      {
        status: 'fail',
        summary: 'conf/cdn.route.ini has no [DB] section',
        cause: 'the PHP server cannot connect to the database (every list and login answers 500)',
        fix: {
          text:
            'Add [DB] HOST/DBNAME/USER/PASSWD/PORT (minilvb db provision, then ' +
            'minilvb generate --only php, write it).',
          commands: ['minilvb db provision'],
        },
        faqId: 'DB-ACCESS',
      },
    ];
  const db = ctx.config.db;
  if (!db) return [{ status: 'pass', summary: 'cdn.route.ini [DB] read; your config has no db.* to compare it with' }];
  const out: Finding[] = [];
  const pairs: Array<[string, string, string | undefined, boolean]> = [
    ['USER', 'db.user', db.user, false],
    ['PASSWD', 'db.password', db.password, true],
    ['DBNAME', 'db.name', db.name, false],
  ];
  for (const [key, path, local, secret] of pairs) {
    if (local === undefined) continue;
    const php = ini.db[key];
    if (php === undefined) {
      out.push({
        status: 'fail',
        summary: `cdn.route.ini [DB] has no ${key}`,
        cause: 'the PHP server connects without it and is refused (Access denied)',
        fix: { text: `Add ${key}= with the value of ${path}.` },
        faqId: 'DB-ACCESS',
      });
      continue;
    }
    if (php === local) continue;
    const shown = secret
      ? `fingerprint ${fingerprint(php)}, your config ${path} has ${fingerprint(local)}`
      : `${JSON.stringify(php)}, your config ${path} has ${JSON.stringify(local)}`;
    out.push({
      status: 'fail',
      summary: `cdn.route.ini [DB] ${key}: the PHP copy has ${shown}`,
      ...whichCopy(ctx, path, `${key} in ${ini.path}`),
      faqId: 'DB-ACCESS',
    });
  }
  return out;
}

/** Cause and fix naming the wrong copy, from the check that verified the local value. */
function whichCopy(ctx: CheckContext, path: string, phpPlace: string): Pick<Finding, 'cause' | 'fix'> {
  const verifier = VERIFIED_BY[path];
  const r = verifier ? ctx.result(verifier) : undefined;
  if (r?.status === 'pass') {
    return {
      cause: `the PHP copy is wrong: your config's ${path} is confirmed by ${verifier}`,
      fix: {
        text: `Set ${phpPlace} to the value of ${path} (minilvb generate writes it), then reload php-fpm.`,
        commands: ['minilvb generate --only php'],
      },
    };
  }
  if (r?.status === 'fail') {
    return {
      cause:
        `your config's ${path} is rejected by ${verifier}, so the local copy is ` +
        `wrong; the PHP copy may be the right one`,
      fix: {
        text:
          `Check ${phpPlace} against the console; if it is right, copy it into ` +
          `${path} (minilvb init --import <php dir>).`,
      },
    };
  }
  return {
    cause: `the PHP server and your config use different values for ${path}; one copy is wrong`,
    fix: {
      text:
        `Compare both with the console (keys.fingerprints shows the cloud's ` +
        `copy) and correct the wrong one: ${phpPlace} or ${path}.`,
    },
  };
}

function summarize(findings: Finding[], evidence: Record<string, string | number>, dep: PhpDeployment): CheckOutcome {
  const failed = findings.filter((f) => f.status === 'fail');
  const warned = findings.filter((f) => f.status === 'warn');
  const first = failed[0] ?? warned[0];
  const detail = first
    ? {
        ...(first.cause ? { cause: first.cause } : {}),
        ...(first.fix ? { fix: first.fix } : {}),
        ...(first.faqId ? { faqId: first.faqId } : {}),
      }
    : {};
  const notes = dep.outDefine?.warnings.length
    ? `; ${dep.outDefine.warnings.length} define(s) not literal, skipped`
    : '';
  if (failed.length > 0)
    return fail({
      summary: `${failed.length} problem${failed.length > 1 ? 's' : ''} in the PHP deployment ${dep.dir}${notes}`,
      findings,
      evidence,
      ...detail,
    });
  if (warned.length > 0)
    return warn({
      summary: `${warned.length} warning${warned.length > 1 ? 's' : ''} in the PHP deployment ${dep.dir}${notes}`,
      findings,
      evidence,
      ...detail,
    });
  return pass(
    `OutDefine.php and cdn.route.ini agree with your config (` +
      `${dep.outDefine?.constants.size ?? 0} constants read${notes})`,
    { evidence, ...(findings.length > 0 ? { findings } : {}) },
  );
}

function fp(v: unknown): string {
  return typeof v === 'string' && v !== '' ? fingerprint(v) : `(${v === '' ? 'empty' : typeof v})`;
}

function faq(path: string): { faqId?: string } {
  const id = FAQ_BY_FIELD[path];
  return id ? { faqId: id } : {};
}
