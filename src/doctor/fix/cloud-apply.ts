/**
 * `doctor --fix` for cloud-side findings: what `minilvb cloud apply` would do for the one resource behind the
 * check (docs/cloud-apis.md#cloud-setup), planned and applied through the cloud APIs after a yes.
 */
import type { MinilvbConfig } from '../../config/index.js';
import { MinilvbError } from '../../errors.js';
import type { CheckFixAction, FixContext } from '../check.js';

/** The config the check judged: `--server` stands for server.publicUrl, as in the callback URL checks. */
function judged(ctx: FixContext): MinilvbConfig {
  const url = ctx.inputs.serverUrl;
  return url ? { ...ctx.config, server: { ...ctx.config.server, publicUrl: url } } : ctx.config;
}

async function planFor(ctx: FixContext, resource: string) {
  const { clientsFromConfig, planCloud } = await import('../../cloud/setup/index.js');
  const config = judged(ctx);
  return planCloud(config, await clientsFromConfig(config), { only: [resource] });
}

/** A fix that converges one cloud-setup resource, offered only when the plan would change it. */
export function cloudApplyFix(resource: string): CheckFixAction {
  return {
    async plan(_result, ctx) {
      const item = (await planFor(ctx, resource)).items[0];
      if (!item || (item.action !== 'create' && item.action !== 'update')) return undefined;
      return `minilvb cloud apply for ${resource}: ${item.steps.join('; ')}`;
    },
    async apply(_result, ctx) {
      const { applyCloud } = await import('../../cloud/setup/index.js');
      const report = await applyCloud(await planFor(ctx, resource));
      if (report.error)
        throw new MinilvbError(report.error.permission ? 'MLVB_CLOUD_PERMISSION' : 'MLVB_CLOUD', report.error.message, {
          ...(report.error.hint ? { hint: report.error.hint } : {}),
        });
      return report.done.length === 0 ? 'nothing left to change' : report.done.map((d) => d.step).join('; ');
    },
  };
}
