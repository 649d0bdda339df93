/** Every file `minilvb generate` can write: its name for --only, template, output path, mode and needs. */
import type { ConfigPath } from '../config/paths.js';
import type { MinilvbConfig } from '../config/schema.js';
import { cosV4Region } from './view.js';

/** One generated file. */
export interface OutputDef {
  /** Name for --only. */
  name: string;
  /** Group name for --only (selects every file of the group). */
  group: 'php' | 'roomtool' | 'clients' | 'nginx' | 'systemd' | 'script';
  /** Path under the output directory. */
  path: string;
  template: (config: MinilvbConfig) => string;
  /** 0600 for files holding secrets. */
  mode: number;
  title: string;
  /** Field paths the file needs. */
  needs: (config: MinilvbConfig) => readonly ConfigPath[];
  /** Why the file does not apply to this config (e.g. legacy-only), or undefined. */
  skip?: (config: MinilvbConfig) => string | undefined;
}

/** Where `minilvb generate` writes by default, relative to the project directory (doctor looks there too). */
export const DEFAULT_OUT_DIR = 'minilvb-files';

const COS: readonly ConfigPath[] = [
  'cos.bucket',
  'cos.region',
  'cos.secretKey',
  'cos.appId',
  'cos.secretId',
  'cos.expiredTime',
];
const legacyOnly = (c: MinilvbConfig): string | undefined =>
  c.credentials === 'legacy' ? undefined : 'legacy credentials only';
const needsDb = (c: MinilvbConfig): string | undefined =>
  c.db ? undefined : 'no database configured (set db.host; the PHP server needs MySQL)';
const tlsPair = (c: MinilvbConfig): string | undefined =>
  Boolean(c.server.tlsCert) === Boolean(c.server.tlsKey)
    ? undefined
    : 'server.tlsCert and server.tlsKey must be set together';
const outDefineNeeds = (c: MinilvbConfig): ConfigPath[] =>
  c.credentials === 'legacy'
    ? ['lvb.appId', 'lvb.bizId', 'lvb.apiKey', ...COS, 'im.sdkAppId', 'im.accountType']
    : ['lvb.apiKey', ...COS, 'im.sdkAppId', 'im.secretKey'];
const fixed = (name: string) => (): string => name;
const none = (): ConfigPath[] => [];

export const OUTPUTS: readonly OutputDef[] = [
  {
    name: 'outdefine',
    group: 'php',
    path: 'php/conf/OutDefine.php',
    mode: 0o600,
    title: 'PHP server constants',
    template: (c) => (c.credentials === 'legacy' ? 'php/OutDefine.legacy.php' : 'php/OutDefine.current.php'),
    needs: outDefineNeeds,
  },
  {
    name: 'private-key',
    group: 'php',
    path: 'php/deps/sig/private_key',
    mode: 0o600,
    title: 'IM private key of the PHP server (legacy)',
    template: fixed('php/private_key'),
    needs: () => ['im.privateKey'],
    skip: legacyOnly,
  },
  {
    name: 'cdn-route',
    group: 'php',
    path: 'php/conf/cdn.route.ini',
    mode: 0o600,
    title: 'PHP server database settings',
    template: fixed('php/cdn.route.ini'),
    needs: () => ['db.host', 'db.port', 'db.name', 'db.user', 'db.password'],
    skip: needsDb,
  },
  {
    name: 'cdn-inc',
    group: 'php',
    path: 'php/conf/cdn.inc.ini',
    mode: 0o644,
    title: 'PHP server route selector',
    template: fixed('php/cdn.inc.ini'),
    needs: none,
  },
  {
    name: 'roomtool',
    group: 'roomtool',
    path: 'roomtool/config.js',
    mode: 0o600,
    title: 'RoomTool config.js (legacy)',
    template: fixed('roomtool/config.js'),
    needs: () => [
      'lvb.appId',
      'lvb.apiKey',
      'im.sdkAppId',
      'im.accountType',
      'im.administrator',
      'im.privateKey',
      'im.publicKey',
    ],
    skip: legacyOnly,
  },
  {
    name: 'android-a',
    group: 'clients',
    path: 'clients/A/TCConstants.java',
    mode: 0o644,
    title: 'Android constants, app generation A (2016–17)',
    template: fixed('clients/A/TCConstants.java'),
    needs: () => ['im.sdkAppId', 'im.accountType', 'cos.appId', 'cos.bucket', 'cos.region', 'server.publicUrl'],
    skip: generationA,
  },
  {
    name: 'ios-a',
    group: 'clients',
    path: 'clients/A/TCConstants.h',
    mode: 0o644,
    title: 'iOS constants, app generation A (2016–17)',
    template: fixed('clients/A/TCConstants.h'),
    needs: () => ['im.sdkAppId', 'im.accountType', 'cos.appId', 'cos.bucket', 'cos.region', 'server.publicUrl'],
    skip: generationA,
  },
  {
    name: 'android-b',
    group: 'clients',
    path: 'clients/B/TCConstants.java',
    mode: 0o644,
    title: 'Android constants, app generation B (2018–19)',
    template: fixed('clients/B/TCConstants.java'),
    needs: () => ['server.publicUrl'],
  },
  {
    name: 'ios-b',
    group: 'clients',
    path: 'clients/B/TCConstants.h',
    mode: 0o644,
    title: 'iOS constants, app generation B (2018–19)',
    template: fixed('clients/B/TCConstants.h'),
    needs: () => ['server.publicUrl'],
  },
  {
    name: 'android-c',
    group: 'clients',
    path: 'clients/C/TCGlobalConfig.java',
    mode: 0o644,
    title: 'Android constants, app generation C (2019 on)',
    template: fixed('clients/C/TCGlobalConfig.java'),
    needs: () => ['server.publicUrl', 'im.sdkAppId'],
  },
  {
    name: 'ios-c',
    group: 'clients',
    path: 'clients/C/TCGlobalConfig.h',
    mode: 0o644,
    title: 'iOS constants, app generation C (2019 on)',
    template: fixed('clients/C/TCGlobalConfig.h'),
    needs: () => ['server.publicUrl', 'im.sdkAppId'],
  },
  {
    name: 'nginx-php',
    group: 'nginx',
    path: 'nginx/liteav_demo.nginx',
    mode: 0o644,
    title: 'nginx site of the PHP server',
    template: fixed('nginx/liteav_demo.nginx'),
    needs: none,
    skip: tlsPair,
  },
  {
    name: 'nginx-proxy',
    group: 'nginx',
    path: 'nginx/minilvb.nginx',
    mode: 0o644,
    title: 'nginx reverse-proxy site of the bundled server',
    template: fixed('nginx/minilvb.nginx'),
    needs: none,
    skip: tlsPair,
  },
  {
    name: 'nginx-proxy-conf',
    group: 'nginx',
    path: 'nginx/minilvb_proxy.conf',
    mode: 0o644,
    title: 'nginx proxy settings (minilvb_proxy.conf)',
    template: fixed('nginx/minilvb_proxy.conf'),
    needs: none,
  },
  {
    name: 'systemd-unit',
    group: 'systemd',
    path: 'systemd/minilvb.service',
    mode: 0o644,
    title: 'systemd unit of `minilvb serve`',
    template: fixed('systemd/minilvb.service'),
    needs: none,
  },
  {
    name: 'systemd-env',
    group: 'systemd',
    path: 'systemd/minilvb.env',
    mode: 0o600,
    title: 'server environment file (/etc/minilvb/minilvb.env)',
    template: fixed('systemd/minilvb.env'),
    needs: outDefineNeeds,
  },
  {
    name: 'server-private-key',
    group: 'systemd',
    path: 'systemd/im_private_key',
    mode: 0o600,
    title: 'IM private key of the bundled server (legacy)',
    template: fixed('systemd/im_private_key'),
    needs: () => ['im.privateKey'],
    skip: legacyOnly,
  },
  {
    name: 'server-public-key',
    group: 'systemd',
    path: 'systemd/im_public_key',
    mode: 0o644,
    title: 'IM public key of the bundled server (legacy)',
    template: fixed('systemd/im_public_key'),
    needs: () => ['im.publicKey'],
    skip: legacyOnly,
  },
  {
    name: 'cvm-script',
    group: 'script',
    path: 'cvm-setup.sh',
    mode: 0o600,
    title: 'paste-into-the-CVM-shell script for a PHP server deployed by hand',
    template: fixed('script/cvm-setup.sh'),
    needs: outDefineNeeds,
  },
];

function generationA(c: MinilvbConfig): string | undefined {
  if (c.credentials !== 'legacy') return 'app generation A uses legacy credentials (IM accountType)';
  if (c.cos.region && !cosV4Region(c.cos.region))
    return `COS v4 (app generation A) knows only gz, tj, sh; ${c.cos.region} has no v4 code`;
  if (c.protocol !== 'action') return 'app generation A speaks the Action protocol (protocol is path)';
  return undefined;
}
