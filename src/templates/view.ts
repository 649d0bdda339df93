/**
 * Turns the resolved config into the data the templates read: the config sections as they are
 * (so template variables are config paths and errors name the field), plus a few derived values.
 */
import { FIELD_BY_PATH, isConfigPath } from '../config/fields.js';
import { getPath } from '../config/file.js';
import type { MinilvbConfig } from '../config/schema.js';
import type { TemplateValue, TemplateView } from './engine.js';

/** Facts about the run that appear in file headers. */
export interface GenerationMeta {
  version: string;
  /** YYYY-MM-DD */
  date: string;
}

/** Where the server-side files live on the CVM (docs/config-files.md#systemd-unit-and-env-file). */
export const SERVER_PATHS = {
  privateKey: '/etc/minilvb/im_private_key',
  publicKey: '/etc/minilvb/im_public_key',
  dataDir: '/var/lib/minilvb',
} as const;

/** COS v4 region codes of app generation A, by region id (docs/config-files.md#app-constants). */
const COS_V4: Readonly<Record<string, { code: string; endPoint: string }>> = {
  'ap-guangzhou': { code: 'gz', endPoint: 'COS_GZ' },
  'ap-beijing-1': { code: 'tj', endPoint: 'COS_TJ' },
  'ap-shanghai': { code: 'sh', endPoint: 'COS_SH' },
};

export function cosV4Region(region: string | undefined): { code: string; endPoint: string } | undefined {
  return region ? COS_V4[region] : undefined;
}

/** The base URL of the apps without the Action protocol's `/interface.php`. */
export function baseUrl(config: MinilvbConfig): string | undefined {
  return config.server.publicUrl?.replace(/\/interface\.php$/, '');
}

export function buildView(config: MinilvbConfig, meta: GenerationMeta): TemplateView {
  const base = baseUrl(config);
  const v4 = cosV4Region(config.cos.region);
  const { tlsCert, tlsKey } = config.server;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  return {
    ...configView(config),
    gen: { version: meta.version, date: meta.date },
    app: {
      baseUrl: base,
      actionUrl: base === undefined ? undefined : `${base}/interface.php`,
      sdkAppIdText: config.im.sdkAppId === undefined ? undefined : String(config.im.sdkAppId),
      cosAppIdText: config.cos.appId === undefined ? undefined : String(config.cos.appId),
      cosV4Region: v4?.code,
      cosV4EndPoint: v4?.endPoint,
    },
    nginx: {
      serverName: config.server.domain ?? (base ? new URL(base).hostname.replace(/^\[|\]$/g, '') : '_'),
      phpRoot: config.server.phpRoot,
      upstream: `${host}:${config.server.port}`,
      port: String(config.server.nginxPort),
      tls: tlsCert && tlsKey ? { cert: tlsCert, key: tlsKey } : undefined,
    },
    roomtool: {
      privateKeyLines: pemLines(config.im.privateKey),
      publicKeyLines: pemLines(config.im.publicKey),
    },
    env: { vars: envVars(config) },
  };
}

/** RoomTool wants each PEM line as a JS string ending in the escape sequence \r\n. */
function pemLines(pem: string | undefined): TemplateValue {
  if (!pem) return [];
  const lines = pem.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map((line, i) => ({ text: `${line}\r\n`, more: i < lines.length - 1 }));
}

/** The env file in the order of docs/config-files.md#systemd-unit-and-env-file, then the remaining server settings. */
const ENV_PATHS = [
  'protocol',
  'credentials',
  'db.host',
  'db.port',
  'db.name',
  'db.user',
  'db.password',
  'lvb.apiKey',
  'cos.bucket',
  'cos.region',
  'cos.appId',
  'cos.secretId',
  'cos.secretKey',
  'cos.expiredTime',
  'im.sdkAppId',
  'im.secretKey',
  'lvb.appId',
  'lvb.bizId',
  'im.accountType',
  'im.privateKeyFile',
  'im.publicKeyFile',
  'lvb.pushKey',
  'server.passwordStorage',
  'server.callbackSkew',
  'server.streamUserRule',
  'server.logLevel',
  'server.logFile',
  'lvb.pushDomain',
  'lvb.playDomain',
  'lvb.pushKeyBackup',
  'lvb.playKey',
  'im.administrator',
  'server.publicUrl',
  'server.adminToken',
  'server.dataDir',
] as const;

function envVars(config: MinilvbConfig): TemplateValue {
  const vars: { name: string; value: string | number; field: string }[] = [
    {
      name: 'MINILVB_LISTEN',
      field: 'server.host',
      value:
        `${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}` +
        `:${config.server.port}`,
    },
  ];
  for (const path of ENV_PATHS) {
    let value: unknown = isConfigPath(path) ? getPath(config, path) : undefined;
    let name = FIELD_BY_PATH.get(path)?.env[0];
    if (path === 'im.privateKeyFile')
      [name, value] = ['MINILVB_IM_PRIVATE_KEY_FILE', config.im.privateKey ? SERVER_PATHS.privateKey : undefined];
    if (path === 'im.publicKeyFile')
      [name, value] = ['MINILVB_IM_PUBLIC_KEY_FILE', config.im.publicKey ? SERVER_PATHS.publicKey : undefined];
    if (path === 'server.dataDir') value = config.db ? undefined : SERVER_PATHS.dataDir;
    if (path.startsWith('db.') && !config.db) value = undefined;
    if (name && (typeof value === 'string' || typeof value === 'number')) vars.push({ name, value, field: path });
  }
  return vars;
}

/** The config's sections as plain objects, the view's top level (`{{lvb.pushDomain}}`). */
function configView(c: MinilvbConfig): TemplateView {
  return {
    protocol: c.protocol,
    credentials: c.credentials,
    lvb: { ...c.lvb },
    im: { ...c.im },
    cos: { ...c.cos },
    server: { ...c.server },
    db: c.db ? { ...c.db } : undefined,
    cloud: { ...c.cloud },
  };
}
