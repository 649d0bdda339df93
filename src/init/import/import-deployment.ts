/**
 * `init --import <dir>`: reads an existing PHP deployment (conf/OutDefine.php, conf/cdn.route.ini,
 * deps/sig/private_key, RoomTool config.js) into config values. Nothing in it is executed.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MinilvbError } from '../../errors.js';
import { parseIni } from './ini.js';
import { readModuleExports, type JsValue } from './js-object.js';
import { readPhpDefines, type PhpValue } from './php-defines.js';

/** Values by config path, with the files read and what looked wrong (never containing secret values). */
export interface ImportResult {
  values: Record<string, unknown>;
  files: string[];
  warnings: string[];
}

const CANDIDATES = {
  outDefine: ['conf/OutDefine.php', 'php/conf/OutDefine.php', 'OutDefine.php'],
  routeIni: ['conf/cdn.route.ini', 'php/conf/cdn.route.ini', 'cdn.route.ini'],
  privateKey: ['deps/sig/private_key', 'php/deps/sig/private_key', 'private_key'],
  publicKey: ['deps/sig/public_key', 'php/deps/sig/public_key', 'public_key'],
  roomTool: ['RoomTool/config.js', 'roomtool/config.js', 'config.js'],
} as const;
const LOOKED_FOR = [CANDIDATES.outDefine, CANDIDATES.routeIni, CANDIDATES.privateKey, CANDIDATES.roomTool].flat();

/** OutDefine constants → config paths (the SECRECT spelling is the one the PHP code reads). */
const CONSTANTS: Readonly<Record<string, string>> = {
  API_KEY: 'lvb.apiKey',
  APP_ID: 'lvb.appId',
  APP_BIZID: 'lvb.bizId',
  COSKEY_BUCKET: 'cos.bucket',
  COSKEY_BUCKET_REGION: 'cos.region',
  COSKEY_SECRECTKEY: 'cos.secretKey',
  COSKEY_SECRECTID: 'cos.secretId',
  COSKEY_APPID: 'cos.appId',
  COSKEY_EXPIRED_TIME: 'cos.expiredTime',
  IM_SDKAPPID: 'im.sdkAppId',
  IM_SECRETKEY: 'im.secretKey',
  IM_ACCOUNTTYPE: 'im.accountType',
};

export async function importDeployment(dirArg: string): Promise<ImportResult> {
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !(await stat(dir)).isDirectory()) {
    throw new MinilvbError('MLVB_IMPORT_FAILED', `${dir} is not a directory.`, {
      hint: 'Give the PHP server code root (the directory holding conf/OutDefine.php).',
    });
  }
  const out: ImportResult = { values: {}, files: [], warnings: [] };
  const find = (names: readonly string[]): string | undefined =>
    names.map((n) => join(dir, n)).find((p) => existsSync(p));
  const read = async (names: readonly string[]): Promise<{ path: string; text: string } | undefined> => {
    const path = find(names);
    if (!path) return undefined;
    out.files.push(path);
    return { path, text: await readFile(path, 'utf8') };
  };

  const outDefine = await read(CANDIDATES.outDefine);
  if (outDefine) importOutDefine(outDefine.text, outDefine.path, out);
  const ini = await read(CANDIDATES.routeIni);
  if (ini) importRouteIni(ini.text, ini.path, out);
  const privateKey = await read(CANDIDATES.privateKey);
  if (privateKey) setChecked(out, 'im.privateKey', privateKey.text, privateKey.path);
  const publicKey = await read(CANDIDATES.publicKey);
  if (publicKey) setChecked(out, 'im.publicKey', publicKey.text, publicKey.path);
  const roomTool = await read(CANDIDATES.roomTool);
  if (roomTool) importRoomTool(roomTool.text, roomTool.path, out);

  if (out.files.length === 0) {
    throw new MinilvbError('MLVB_IMPORT_FAILED', `No deployment files found in ${dir}.`, {
      hint: `Looked for ${LOOKED_FOR.join(', ')}.`,
    });
  }
  if (out.values.credentials === undefined) {
    const legacy =
      out.values['im.accountType'] !== undefined ||
      (out.values['lvb.appId'] !== undefined && out.values['im.secretKey'] === undefined);
    out.values.credentials = legacy ? 'legacy' : 'current';
  }
  return out;
}

function importOutDefine(text: string, path: string, out: ImportResult): void {
  const { defines, warnings } = readPhpDefines(text);
  out.warnings.push(...warnings.map((w) => `${path}: ${w}`));
  const byName = new Map<string, PhpValue>();
  for (const d of defines) {
    if (byName.has(d.name))
      out.warnings.push(`${path}: ${d.name} is defined twice (line ${d.line}); PHP keeps the first definition`);
    else byName.set(d.name, d.value);
  }
  for (const [name, target] of Object.entries(CONSTANTS)) {
    const value = byName.get(name);
    if (value !== undefined && value !== null && value !== '')
      out.values[target] = typeof value === 'boolean' ? String(Number(value)) : value;
  }
  for (const [wrong, right] of [
    ['COSKEY_SECRETKEY', 'COSKEY_SECRECTKEY'],
    ['COSKEY_SECRETID', 'COSKEY_SECRECTID'],
  ] as const) {
    if (!byName.has(wrong)) continue;
    out.warnings.push(
      `${path}: defines ${wrong}, but the PHP server reads ${right} (sic); as ` +
        `written the server signs with an undefined constant — fatal ` +
        `misconfiguration. minilvb writes ${right}.`,
    );
    const value = byName.get(wrong);
    if (!byName.has(right) && typeof value === 'string' && value !== '') out.values[CONSTANTS[right] as string] = value;
  }
  if (byName.has('CALL_BACK_KEY')) {
    const alias = byName.get('CALL_BACK_KEY');
    if (!byName.has('API_KEY') && typeof alias === 'string' && alias !== '') {
      out.values['lvb.apiKey'] = alias;
      out.warnings.push(
        `${path}: no API_KEY, only CALL_BACK_KEY (a documentation alias no PHP ` +
          `code reads); imported it as the callback key. The callback check needs ` +
          `API_KEY, which minilvb writes.`,
      );
    } else if (alias !== byName.get('API_KEY')) {
      out.warnings.push(
        `${path}: CALL_BACK_KEY differs from API_KEY; the PHP code checks ` +
          `callbacks with API_KEY, so API_KEY was imported.`,
      );
    }
  }
  if (byName.has('IM_SECRETKEY') && byName.has('IM_ACCOUNTTYPE')) {
    out.warnings.push(
      `${path}: has both IM_SECRETKEY (current) and IM_ACCOUNTTYPE (legacy); imported as current credentials.`,
    );
    out.values.credentials = 'current';
  }
}

function importRouteIni(text: string, path: string, out: ImportResult): void {
  const { sections, warnings } = parseIni(text);
  out.warnings.push(...warnings.map((w) => `${path}: ${w}`));
  const db = sections.DB;
  if (!db) {
    out.warnings.push(`${path}: no [DB] section`);
    return;
  }
  const map: Record<string, string> = {
    HOST: 'db.host',
    PORT: 'db.port',
    DBNAME: 'db.name',
    USER: 'db.user',
    PASSWD: 'db.password',
  };
  for (const [key, target] of Object.entries(map))
    if (db[key] !== undefined && db[key] !== '') out.values[target] = db[key];
  if (db.PASSWD === 'live_pwd')
    out.warnings.push(
      `${path}: [DB] PASSWD is the stock live_pwd from createDB.sh; change it (minilvb db provision --reset-password).`,
    );
}

function importRoomTool(text: string, path: string, out: ImportResult): void {
  const { value, found } = readModuleExports(text);
  if (!found || value === null || typeof value !== 'object' || Array.isArray(value)) {
    out.warnings.push(`${path}: no module.exports object literal found, skipped`);
    return;
  }
  const section = (name: string): Record<string, JsValue> => {
    const s = value[name];
    return s !== null && typeof s === 'object' && !Array.isArray(s) ? s : {};
  };
  const live = section('live');
  const im = section('im');
  const pairs: [JsValue, string][] = [
    [live.APP_ID, 'lvb.appId'],
    [live.API_KEY, 'lvb.apiKey'],
    [im.IM_SDKAPPID, 'im.sdkAppId'],
    [im.IM_ACCOUNTTYPE, 'im.accountType'],
    [im.ADMINISTRATOR, 'im.administrator'],
    [im.PRIVATEKEY, 'im.privateKey'],
    [im.PUBLICKEY, 'im.publicKey'],
  ];
  for (const [v, target] of pairs) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    setChecked(out, target, typeof v === 'string' ? v.replace(/\r\n/g, '\n') : v, path);
  }
}

/** Sets a value unless another file already gave a different one (then the first file wins, with a warning). */
function setChecked(out: ImportResult, target: string, value: string | number, path: string): void {
  const before = out.values[target];
  const same = (a: unknown, b: unknown): boolean => String(a).replace(/\s+$/, '') === String(b).replace(/\s+$/, '');
  if (before === undefined) out.values[target] = value;
  else if (!same(before, value))
    out.warnings.push(
      `${path}: ${target} differs from the value read from an earlier file (` +
        `${out.files.slice(0, -1).join(', ')}); kept the earlier one.`,
    );
}
