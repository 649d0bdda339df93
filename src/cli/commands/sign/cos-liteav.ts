/** `sign cos` (/get_cos_sign output, full COS Authorization) and `sign liteav` (Liteav-Sig header). */
import { configValues, requireConfig, type ConfigPath } from '../../../config/index.js';
import { InputError } from '../../../errors.js';
import { liteavSig } from '../../../sign/app-sign.js';
import { cosAuthorization, cosKeyTime, cosSignKey } from '../../../sign/cos-sign.js';
import { md5Hex } from '../../../sign/digest.js';
import { parseDuration } from '../../../sign/duration.js';
import type { CommandContext } from '../../context.js';
import { result, type CommandResult } from '../../output/output.js';
import { CONFIG_PATHS, type CosOpts, type LiteavOpts } from './paths.js';
import { clock, configWarnings } from './shared.js';

const METHODS = ['GET', 'PUT', 'POST', 'HEAD', 'DELETE', 'OPTIONS'];

function parseHeaders(list: string[]): Array<[string, string]> {
  return list.map((h) => {
    const i = h.indexOf(':');
    if (i <= 0) throw new InputError(`Invalid --header ${JSON.stringify(h)}: use "Name: value".`);
    return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
  });
}

export async function signCos(ctx: CommandContext, opts: CosOpts): Promise<CommandResult> {
  const full = opts.method !== undefined || opts.path !== undefined;
  const method = (opts.method ?? 'PUT').toUpperCase();
  if (full && !METHODS.includes(method))
    throw new InputError(`Invalid --method ${JSON.stringify(opts.method)}: use ${METHODS.join(', ')}.`);
  if (full && (opts.path === undefined || !opts.path.startsWith('/')))
    throw new InputError(
      `${opts.path === undefined ? 'Missing --path' : `Invalid --path ${JSON.stringify(opts.path)}`}` +
        `: give the object path starting with /, e.g. --path ` +
        `/jacqiu/1700000000000.`,
    );
  const headers = parseHeaders(opts.header ?? []);
  const now = clock(opts.now);
  const loaded = await ctx.loadConfig();
  const required: ConfigPath[] = full
    ? ['cos.secretKey', 'cos.secretId', 'cos.appId', 'cos.bucket', 'cos.region']
    : ['cos.secretKey'];
  requireConfig(loaded, required, CONFIG_PATHS.cos);
  const { cos } = loaded.config;
  const ttl = opts.expires === undefined ? cos.expiredTime : parseDuration(opts.expires, '--expires');
  const keyTime = cosKeyTime(now, ttl);
  const [secretKey] = configValues(loaded.config, ['cos.secretKey']);
  const signKey = cosSignKey(secretKey, keyTime);
  if (!full) {
    return result(
      'sign.cos',
      { keyTime, signKey },
      (d, s) =>
        [
          `keyTime  ${d.keyTime}`,
          `signKey  ${d.signKey}`,
          '',
          s.dim(
            `What /get_cos_sign returns (valid ${ttl} s). The app's COS SDK signs ` +
              `each request with it and cos.secretId.`,
          ),
        ].join('\n'),
      { warnings: configWarnings(loaded, CONFIG_PATHS.cos) },
    );
  }
  const path = opts.path ?? '/';
  const q = path.indexOf('?');
  const pathname = q < 0 ? path : path.slice(0, q);
  const query = q < 0 ? [] : [...new URLSearchParams(path.slice(q + 1))];
  const host = `${cos.bucket}-${cos.appId}.cos.${cos.region}.myqcloud.com`;
  const [secretId] = configValues(loaded.config, ['cos.secretId']);
  const auth = cosAuthorization({
    secretId,
    signKey,
    keyTime,
    method,
    pathname,
    query,
    headers: [['Host', host], ...headers],
  });
  const data = {
    keyTime,
    signKey,
    method,
    host,
    pathname,
    headerList: auth.headerList,
    urlParamList: auth.urlParamList,
    httpStringSha1: auth.httpStringSha1,
    signature: auth.signature,
    authorization: auth.authorization,
  };
  return result(
    'sign.cos',
    data,
    (d, s) =>
      [
        `${d.method} https://${d.host}${path}`,
        '',
        `Authorization: ${d.authorization}`,
        '',
        s.dim(
          `keyTime ${d.keyTime}, headers ${d.headerList}` +
            `${d.urlParamList ? `, params ${d.urlParamList}` : ''}, SHA1(HttpString) ` +
            `${d.httpStringSha1}.`,
        ),
        s.dim('q-ak (the SecretId) is masked on screen because it is configured as a secret; q-signature is complete.'),
      ].join('\n'),
    { warnings: configWarnings(loaded, CONFIG_PATHS.cos) },
  );
}

export async function signLiteav(ctx: CommandContext, opts: LiteavOpts): Promise<CommandResult> {
  let body = opts.body;
  if (body === '-') {
    body = '';
    for await (const chunk of ctx.io.stdin) body += String(chunk);
  }
  if (opts.token === '') throw new InputError('The --token is empty: pass the token from the last /login or /refresh.');
  if (opts.token.length >= 8) ctx.output.redactor.add(opts.token);
  const warnings: string[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    warnings.push('The body is not JSON: the server will answer 498/602. It is signed as given.');
  }
  if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || !('userid' in parsed)))
    warnings.push('The body has no "userid": the server cannot find the session and answers 498.');
  const sig = liteavSig(opts.token, body);
  const data = {
    bodyMd5: md5Hex(body),
    bodyBytes: Buffer.byteLength(body),
    liteavSig: sig,
    header: `Liteav-Sig: ${sig}`,
  };
  return result(
    'sign.liteav',
    data,
    (d, s) =>
      [
        d.header,
        '',
        s.dim(`md5(body) ${d.bodyMd5} over ${d.bodyBytes} bytes; the body must be sent byte for byte as signed.`),
      ].join('\n'),
    { warnings },
  );
}
