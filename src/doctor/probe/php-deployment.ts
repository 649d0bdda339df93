/**
 * Reads an existing PHP deployment (`--php-dir`): conf/OutDefine.php through the init importer's
 * PHP tokenizer (never executed) and conf/cdn.route.ini through its INI reader. Read once per run.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseIni } from '../../init/import/ini.js';
import { readPhpDefines, type PhpValue } from '../../init/import/php-defines.js';
import type { CheckContext } from '../check.js';
import type { ConfigPath } from '../../config/index.js';

/** A constant as OutDefine.php defines it (PHP keeps the first define() of a name). */
export interface PhpConstant {
  value: PhpValue;
  line: number;
  /** How many times the file defines it (PHP keeps the first and warns on the others). */
  count: number;
}

/** What was read from the deployment directory. */
export interface PhpDeployment {
  dir: string;
  /** Set when the directory cannot be used at all. */
  problem?: string;
  outDefine?: {
    path: string;
    constants: Map<string, PhpConstant>;
    warnings: string[];
    nonLiteral: Map<string, number>;
  };
  routeIni?: { path: string; db: Record<string, string> | undefined; warnings: string[] };
  /** Files that are missing or unreadable, with the reason. */
  unreadable: Array<{ path: string; reason: string }>;
}

/** Generated files are tiny; a bigger file is not an OutDefine.php. */
const MAX_BYTES = 1024 * 1024;

/** The deployment of `--php-dir`, or undefined when the flag was not given. */
export function phpDeployment(ctx: CheckContext): Promise<PhpDeployment | undefined> {
  const given = ctx.inputs.phpDir;
  if (!given) return Promise.resolve(undefined);
  return ctx.memo('php:deployment', () => readDeployment(resolve(ctx.inputs.cwd, given)));
}

async function readDeployment(dir: string): Promise<PhpDeployment> {
  const out: PhpDeployment = { dir, unreadable: [] };
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) return { ...out, problem: `${dir} is not a directory` };
  const defPath = join(dir, 'conf', 'OutDefine.php');
  const defText = await readSmall(defPath, out);
  if (defText !== undefined) {
    const parsed = readPhpDefines(defText);
    const constants = new Map<string, PhpConstant>();
    for (const d of parsed.defines) {
      const seen = constants.get(d.name);
      // PHP keeps the first definition; a later define() of the same name only warns.
      if (seen) seen.count++;
      else constants.set(d.name, { value: d.value, line: d.line, count: 1 });
    }
    // The tokenizer's warnings name constants whose value is an expression (variables, calls).
    const nonLiteral = new Map<string, number>();
    for (const w of parsed.warnings) {
      const m = /^line (\d+): (\w+) is not a literal/.exec(w);
      if (m && !constants.has(m[2] as string)) nonLiteral.set(m[2] as string, Number(m[1]));
    }
    out.outDefine = { path: defPath, constants, warnings: parsed.warnings, nonLiteral };
  }
  const iniPath = join(dir, 'conf', 'cdn.route.ini');
  const iniText = await readSmall(iniPath, out);
  if (iniText !== undefined) {
    const ini = parseIni(iniText);
    out.routeIni = { path: iniPath, db: ini.sections.DB, warnings: ini.warnings };
  }
  return out;
}

async function readSmall(path: string, out: PhpDeployment): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    if (info.size > MAX_BYTES) throw Object.assign(new Error(`larger than ${MAX_BYTES} bytes`), { code: 'EFBIG' });
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    out.unreadable.push({
      path,
      reason:
        code === 'ENOENT'
          ? 'missing'
          : code === 'EACCES'
            ? 'not readable (permission denied)'
            : `${code ?? 'error'}: ${(e as Error).message}`,
    });
    return undefined;
  }
}

/** OutDefine constants the PHP code reads → config paths (SECRECT: the PHP code's own spelling). */
export const PHP_CONSTANTS: ReadonlyArray<{
  name: string;
  path: ConfigPath;
  secret: boolean;
  generations: ReadonlyArray<'current' | 'legacy'>;
}> = [
  { name: 'API_KEY', path: 'lvb.apiKey', secret: true, generations: ['current', 'legacy'] },
  { name: 'APP_ID', path: 'lvb.appId', secret: false, generations: ['legacy'] },
  { name: 'APP_BIZID', path: 'lvb.bizId', secret: false, generations: ['legacy'] },
  { name: 'COSKEY_BUCKET', path: 'cos.bucket', secret: false, generations: ['current', 'legacy'] },
  { name: 'COSKEY_BUCKET_REGION', path: 'cos.region', secret: false, generations: ['current', 'legacy'] },
  { name: 'COSKEY_SECRECTKEY', path: 'cos.secretKey', secret: true, generations: ['current', 'legacy'] },
  { name: 'COSKEY_APPID', path: 'cos.appId', secret: false, generations: ['current', 'legacy'] },
  { name: 'COSKEY_SECRECTID', path: 'cos.secretId', secret: true, generations: ['current', 'legacy'] },
  { name: 'COSKEY_EXPIRED_TIME', path: 'cos.expiredTime', secret: false, generations: ['current', 'legacy'] },
  { name: 'IM_SDKAPPID', path: 'im.sdkAppId', secret: false, generations: ['current', 'legacy'] },
  { name: 'IM_SECRETKEY', path: 'im.secretKey', secret: true, generations: ['current'] },
  { name: 'IM_ACCOUNTTYPE', path: 'im.accountType', secret: false, generations: ['legacy'] },
];

/** The PHP copy of each key for keys.fingerprints, as plain strings (non-strings are not keys). */
export function phpKeyValues(dep: PhpDeployment | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of PHP_CONSTANTS) {
    const v = dep?.outDefine?.constants.get(c.name)?.value;
    if (c.secret && typeof v === 'string' && v !== '') out[c.path] = v;
  }
  return out;
}
