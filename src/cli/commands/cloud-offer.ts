/** The offer `init` makes at its end: plan the cloud side, show the changes, apply them after one yes. */
import type { MinilvbConfig } from '../../config/index.js';
import type { CommandContext } from '../context.js';
import { renderApply, renderItems } from './cloud-render.js';

/** Only on a terminal and with the cloud API key configured; a failure is a warning, never init's failure. */
export async function offerCloudApply(ctx: CommandContext, config: MinilvbConfig): Promise<void> {
  if (!ctx.interactive || !config.cloud.secretId || !config.cloud.secretKey) return;
  const { confirm } = await import('@inquirer/prompts');
  const ask = (message: string): Promise<boolean> => confirm({ message, default: false }, ctx.io.prompt);
  if (!(await ask('Check the cloud side now (push key, callback, recording, bucket, IM admin: `minilvb cloud plan`)?')))
    return;
  try {
    const { applyCloud, clientsFromConfig, planChanges, planCloud } = await import('../../cloud/setup/index.js');
    const plan = await planCloud(config, await clientsFromConfig(config));
    ctx.output.info(renderItems(plan.items, ctx.output.style));
    const changes = planChanges(plan);
    if (changes.length === 0 || !(await ask(`Apply these ${changes.length} change(s) (minilvb cloud apply)?`))) return;
    ctx.output.info(renderApply({ plan: { ...plan, items: [] }, applied: await applyCloud(plan) }, ctx.output.style));
  } catch (err) {
    ctx.output.warn(`cloud setup: ${err instanceof Error ? err.message : String(err)} (run \`minilvb cloud plan\`)`);
  }
}
