/** `minilvb cloud plan|apply`: the LVB / COS / IM console steps through the cloud APIs (src/cloud/setup). */
import type { Command } from 'commander';
import { EXIT, MinilvbError, UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { defineOptions, type HandlerArgs } from '../options.js';
import { result } from '../output/output.js';
import { defineCommand, type Runner } from '../run.js';
import { renderApply, renderItems, renderPlan, type ApplyData } from './cloud-render.js';

const SETUP_OPTIONS = defineOptions({
  adopt: {
    flags: '--adopt',
    description: 'also modify callback/recording templates bound to the push domain that minilvb did not create',
  },
  createBucket: { flags: '--create-bucket', description: 'create the COS bucket (public-read) when it is missing' },
  addDomains: {
    flags: '--add-domains',
    description: 'add missing push/play domains (they need ICP filing and a DNS CNAME record)',
  },
  cors: { flags: '--cors', description: 'add the CORS rule browser uploads need to the bucket' },
});
type SetupFlags = HandlerArgs<typeof SETUP_OPTIONS>;

async function plan(ctx: CommandContext, opts: SetupFlags) {
  const loaded = await ctx.loadConfig();
  const { clientsFromConfig, planCloud } = await import('../../cloud/setup/index.js');
  const clients = await clientsFromConfig(loaded.config);
  const p = await planCloud(loaded.config, clients, {
    adopt: Boolean(opts.adopt),
    createBucket: Boolean(opts.createBucket),
    addDomains: Boolean(opts.addDomains),
    cors: Boolean(opts.cors),
  });
  // A plan of skips only would read as "nothing to do" while nothing was looked at.
  if (p.items.every((i) => i.action === 'skip'))
    throw new MinilvbError(
      'MLVB_CONFIG_MISSING',
      'cloud plan could read nothing: no service has its keys configured.',
      {
        hint:
          'Set the cloud API key (Live), the cos.* values (COS) and im.sdkAppId + im.secretKey (IM) with ' +
          '`minilvb init` or `minilvb config set cloud.secretId <value>` and the like. Skipped: ' +
          [...new Set(p.items.map((i) => i.notes[0]).filter(Boolean))].join('; '),
      },
    );
  return p;
}

export function register(program: Command, run: Runner): void {
  const cloud = program
    .command('cloud')
    .description('set up the LVB, COS and IM side of your Tencent Cloud account (read, diff, plan, apply)');

  const planCmd = cloud
    .command('plan')
    .description('read the cloud settings and show what `cloud apply` would change (changes nothing)')
    .addHelpText('after', '\nExamples:\n  $ minilvb cloud plan\n  $ minilvb cloud plan --create-bucket --json');
  defineCommand(planCmd, run, { options: SETUP_OPTIONS }, async (ctx, opts) => {
    const p = await plan(ctx, opts);
    const failed = p.items.some((i) => i.action === 'error');
    return result('cloud.plan', p, renderPlan, { exitCode: failed ? EXIT.failure : EXIT.ok });
  });

  const applyCmd = cloud
    .command('apply')
    .description('make the changes `cloud plan` shows: asks once (--yes: no question); never deletes anything')
    .addHelpText(
      'after',
      '\nExamples:\n  $ minilvb cloud apply\n  $ minilvb cloud apply --yes --create-bucket --cors\n' +
        '  $ minilvb cloud apply --yes --json',
    );
  defineCommand(applyCmd, run, { options: SETUP_OPTIONS }, async (ctx, opts) => {
    const p = await plan(ctx, opts);
    const { applyCloud, planChanges } = await import('../../cloud/setup/index.js');
    const changes = planChanges(p);
    const data = (applied: ApplyData['applied'], reason?: string): ApplyData => ({
      plan: p,
      applied,
      ...(reason ? { reason } : {}),
    });
    // Nothing to write: applying only collects what is left to the user.
    if (changes.length === 0 && !p.items.some((i) => i.action === 'error'))
      return result('cloud.apply', data(await applyCloud(p)), renderApply);
    if (!ctx.globals.yes) {
      if (!ctx.interactive)
        throw new UsageError('cloud apply changes your cloud account and there is no terminal to ask.', {
          hint: 'Review `minilvb cloud plan`, then run `minilvb cloud apply --yes`.',
        });
      ctx.output.info(renderItems(changes, ctx.output.style));
      const { confirm } = await import('@inquirer/prompts');
      const yes = await confirm({ message: `Apply these ${changes.length} change(s)?`, default: false }, ctx.io.prompt);
      if (!yes) return result('cloud.apply', data(null, 'Declined: nothing was changed.'), renderApply);
    }
    const applied = await applyCloud(p);
    return result('cloud.apply', data(applied), renderApply, { exitCode: applied.ok ? EXIT.ok : EXIT.failure });
  });
}
