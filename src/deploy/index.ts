/** `minilvb deploy`: plan → apply over SSH; releases, lock, health gates, rollback (docs/deploy.md). */
export { deploy, eachHost, targetsOf, type DeployOptions, type DeployReport, type ConnectOptions } from './run.js';
export {
  deployStatus,
  deployUnlock,
  deployRollback,
  deployCheck,
  type HostStatus,
  type RollbackOptions,
} from './ops.js';
export { planDeploy, type HostPlan, type PlannedStep } from './plan.js';
export { buildRelease, type ReleaseArtifact } from './release/build-release.js';
export type { DeployEvent, HostResult } from './events.js';
export type { PreflightCheck } from './preflight.js';
export { parseTargets, type DeployTarget } from './targets.js';
export { deployUnit } from './service/systemd.js';
export { layoutOf } from './layout.js';
