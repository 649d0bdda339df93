/** `minilvb roomservice push|show|verify`: the bundled server's RoomService configuration and its end-to-end check. */
import type { Command } from 'commander';
import { UsageError, EXIT } from '../../errors.js';
import type { LoadedConfig } from '../../config/index.js';
import { probeUrl } from '../../doctor/probe-url.js';
import type { VerifyReport } from '../../roomservice/verify.js';
import { defineOptions } from '../options.js';
import { result } from '../output/output.js';
import type { Style } from '../output/style.js';
import { defineCommand, type Runner } from '../run.js';

const PATHS = [
  'server.publicUrl',
  'server.adminToken',
  'lvb.appId',
  'lvb.bizId',
  'lvb.pushKey',
  'lvb.pushDomain',
  'lvb.playDomain',
  'lvb.apiKey',
  'im.sdkAppId',
  'im.accountType',
  'im.administrator',
  'im.secretKey',
  'im.privateKey',
  'im.publicKey',
] as const;

const SERVER = defineOptions({
  server: { flags: '--server <url>', description: 'server base URL (default: as doctor probes it)' },
});
const PUSH_OPTIONS = defineOptions({
  ...SERVER,
  withPrivateKey: {
    flags: '--with-private-key',
    description: "also send the IM private key / secret key (like RoomTool's `1`): admin UserSigs, v2 logins",
  },
  maxMembers: { flags: '--max-members <n>', description: 'members of a live_room / multi_room (default 4)' },
  streamApi: {
    flags: '--stream-api <api>',
    description: "stream status and mixing: none (default) or legacy (Tencent's common_access; needs appId, apiKey)",
  },
});

function serverOf(loaded: LoadedConfig, flag: string | undefined): string {
  return probeUrl(loaded.config, flag ? { serverUrl: flag } : {}).url.replace(/\/interface\.php$/, '');
}

function adminToken(loaded: LoadedConfig): string {
  const t = loaded.config.server.adminToken;
  if (!t)
    throw new UsageError('server.adminToken is not set: the RoomService config API needs the admin token.', {
      hint: 'Set the same server.adminToken (MINILVB_ADMIN_TOKEN) here and on the server.',
    });
  return t;
}

export function register(program: Command, run: Runner): void {
  const group = program
    .command('roomservice')
    .description("the bundled server's RoomService (LiveRoom backend): push its config, show it, verify it");

  const push = group
    .command('push')
    .description('send the RoomService config (keys, bizid, hosts, limits) to the server; applied without restart')
    .addHelpText(
      'after',
      '\nExamples:\n  $ minilvb roomservice push --with-private-key\n' +
        '  $ minilvb roomservice push --server https://live.example.com --json',
    );
  defineCommand(push, run, { config: PATHS, options: PUSH_OPTIONS }, async (ctx, opts) => {
    const loaded = await ctx.loadConfig();
    const { pushRoomServiceConfig, rsConfigToPush } = await import('../../roomservice/client.js');
    const max = opts.maxMembers === undefined ? undefined : Number(opts.maxMembers);
    if (max !== undefined && (!Number.isSafeInteger(max) || max < 1))
      throw new UsageError(`--max-members ${String(opts.maxMembers)} is not a positive integer.`);
    const api = opts.streamApi;
    if (api !== undefined && api !== 'none' && api !== 'legacy')
      throw new UsageError(`--stream-api ${api} is not none or legacy.`);
    const payload = rsConfigToPush(loaded.config, Boolean(opts.withPrivateKey), max ? { maxMembers: max } : {}, api);
    const server = serverOf(loaded, opts.server);
    const held = await pushRoomServiceConfig(
      { server, adminToken: adminToken(loaded) },
      payload,
      Boolean(opts.withPrivateKey),
    );
    return result(
      'roomservice.push',
      { server, config: held },
      (d, s) => `${s.green('✓')} pushed to ${d.server}\n${renderConfig(d.config)}`,
    );
  });

  const show = group
    .command('show')
    .description('what RoomService config the server holds, secrets masked, with key fingerprints')
    .addHelpText('after', '\nExamples:\n  $ minilvb roomservice show\n  $ minilvb roomservice show --json');
  defineCommand(show, run, { config: PATHS, options: SERVER }, async (ctx, opts) => {
    const loaded = await ctx.loadConfig();
    const { showRoomServiceConfig } = await import('../../roomservice/client.js');
    const server = serverOf(loaded, opts.server);
    const held = await showRoomServiceConfig({ server, adminToken: adminToken(loaded) });
    return result('roomservice.show', { server, config: held }, (d) => `${d.server}\n${renderConfig(d.config)}`);
  });

  const verify = group
    .command('verify')
    .description(
      'log in (v1 and v2), list rooms, check tokens, push URL, a throw-away room and logout; exit 1 on failure',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ minilvb roomservice verify\n' +
        '  $ minilvb roomservice verify --server http://127.0.0.1:8080 --json',
    );
  defineCommand(verify, run, { config: PATHS, options: SERVER }, async (ctx, opts) => {
    const loaded = await ctx.loadConfig();
    const { verifyRoomService } = await import('../../roomservice/verify.js');
    const token = loaded.config.server.adminToken;
    const report = await verifyRoomService({
      server: serverOf(loaded, opts.server),
      config: loaded.config,
      ...(token ? { adminToken: token } : {}),
    });
    return result('roomservice.verify', report, renderVerify, { exitCode: report.ok ? EXIT.ok : EXIT.failure });
  });
}

function renderConfig(c: Record<string, unknown>): string {
  return Object.entries(c)
    .map(([k, v]) => `  ${k.padEnd(14)} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('\n');
}

function renderVerify(r: VerifyReport, s: Style): string {
  const mark = { pass: s.green('PASS'), fail: s.red('FAIL'), skip: s.dim('SKIP') } as const;
  const lines = r.steps.map((st) => `${mark[st.status]}  ${st.title}: ${st.message}`);
  lines.push('', r.ok ? `RoomService at ${r.server} works.` : `RoomService at ${r.server} failed a step.`);
  return lines.join('\n');
}
