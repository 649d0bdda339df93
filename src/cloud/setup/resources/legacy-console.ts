/**
 * legacy.console: the 直播码接入 console of legacy accounts has no API. The plan prints the values to enter,
 * from the config (secrets by their config field, masked), and checks what it can: the callback URL must be http.
 */
import { fingerprint } from '../../../secrets/mask.js';
import { defineResource } from '../types.js';
import { callbackUrlOf } from './shared.js';

export default defineResource({
  id: 'legacy.console',
  title: 'Legacy console (直播码接入 > 接入配置)',
  skip: (ctx) => (ctx.config.credentials === 'legacy' ? undefined : 'only legacy (bizid) accounts have it'),
  read: async () => undefined,
  desired: (ctx) => ({ lvb: ctx.config.lvb, url: callbackUrlOf(ctx) }),
  diff(_cur, { lvb, url }) {
    const secret = (field: string, v: string | undefined): string =>
      v ? `the value of ${field} in the config file (fingerprint ${fingerprint(v)})` : `(${field} is not set)`;
    const http = url?.replace(/^https:/i, 'http:');
    const notes = [
      'enter in the console (直播码接入 > 接入配置); the API has no call for these:',
      `  推流防盗链Key (push anti-leech key): ${secret('lvb.pushKey', lvb.pushKey)}`,
      `  API鉴权key (API key): ${secret('lvb.apiKey', lvb.apiKey)}`,
      `  回调URL (callback URL): ${http ?? '(set server.publicUrl first)'}`,
      ...(lvb.bizId === undefined ? [] : [`  bizid ${lvb.bizId}: push domain ${lvb.bizId}.livepush.myqcloud.com`]),
      ...(url && /^https:/i.test(url)
        ? ['server.publicUrl is https: the legacy console only calls http URLs, so the server must answer http too']
        : []),
    ];
    return { action: 'manual', notes };
  },
});
