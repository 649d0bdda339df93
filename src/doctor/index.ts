/** Doctor: the check registry, the runner and the types a program needs to run checks. */
export * from './check.js';
export {
  runDoctor,
  cleanupWarnings,
  summarize,
  doctorExitCode,
  DEFAULT_TIMEOUT_MS,
  type RunDoctorOptions,
  type DoctorReport,
  type CleanupResult,
  type DoctorSummary,
  type DoctorEvent,
} from './run.js';
export { selectChecks, type Selection } from './select.js';
export { CHECKS } from './checks/index.js';
export { FAQ_IDS, faqAliases, canonicalFaqId, isFaqId, type FaqCoverage } from './faq.js';
export { probeUrl, type ProbeUrl, type ServerUrlSource } from './probe-url.js';
