/** `minilvb cloud plan` / `cloud apply`: console steps through the APIs (docs/cloud-apis.md#cloud-setup). */
export { applyCloud, type ApplyReport, type DoneStep } from './apply.js';
export { CloudCallError, clientsFromConfig, DEFAULT_RETRY } from './context.js';
export { planChanges, planCloud, type CloudPlan, type PlanCloudOptions } from './plan.js';
export { RESOURCES } from './resources/index.js';
export type { CloudClients, CloudErrorInfo, CloudSetupOptions, FieldChange, PlanAction, PlanItem } from './types.js';
