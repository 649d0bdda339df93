/** Rendering of the top-level templates/ folder into deployment files. */
export {
  compile,
  render,
  ValueRejectedError,
  UnwritableValueError,
  TemplateError,
  type TemplateView,
  type TemplateValue,
  type Filter,
} from './engine.js';
export { FILTERS, shellWord, systemdEnvValue } from './filters.js';
export { DEFAULT_OUT_DIR, OUTPUTS, type OutputDef } from './outputs.js';
export {
  planFiles,
  OUTPUT_NAMES,
  type FilePlan,
  type PlannedFile,
  type SkippedFile,
  type PlanOptions,
} from './plan-files.js';
export { inspectTargets, writeTargets, type Target, type WrittenFile } from './write-files.js';
export { buildView, SERVER_PATHS, type GenerationMeta } from './view.js';
export { loadTemplate, TEMPLATES_DIR } from './template-store.js';
