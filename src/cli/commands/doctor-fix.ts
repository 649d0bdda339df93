/** `doctor --fix`: who decides about each repair: --yes applies all, a terminal asks, otherwise list only. */
import { runFixes, type FixRun, type PlannedFix } from '../../doctor/fix/run-fixes.js';
import type { DoctorReport, RunDoctorOptions } from '../../doctor/index.js';
import type { CommandContext } from '../context.js';

export async function fixWithConsent(
  ctx: CommandContext,
  run: RunDoctorOptions,
  report: DoctorReport,
): Promise<FixRun> {
  if (ctx.globals.yes) return runFixes({ run, report, decide: async () => true, declinedReason: 'not applied' });
  if (!ctx.interactive) {
    return runFixes({
      run,
      report,
      decide: async () => false,
      declinedReason: 'not applied: no terminal to ask (pass --yes to apply)',
    });
  }
  const { confirm } = await import('@inquirer/prompts');
  const decide = async (fix: PlannedFix): Promise<boolean> => {
    ctx.output.info(`${fix.id}: ${fix.before.summary}`);
    return confirm({ message: `Fix: ${fix.action}?`, default: true }, ctx.io.prompt);
  };
  return runFixes({ run, report, decide, declinedReason: 'declined' });
}
