/** Every credential the configured generation needs is present and well-formed (loadConfig's rules). */
import { FIELD_BY_PATH, formatIssue, getPath, howToSet } from '../../config/index.js';
import { defineCheck, fail, pass, warn } from '../check.js';
import { FAQ_BY_FIELD, requiredCredentials } from '../faq.js';

/** Paths whose issues have their own, more specific check. */
const OWN_CHECKS = new Set(['cos.bucket', 'cos.region', 'server.publicUrl']);

export default defineCheck({
  id: 'config.credentials',
  group: 'config',
  title: 'Credentials present and well-formed',
  async run({ config, meta }) {
    const required = requiredCredentials(config.credentials);
    const missing = required.filter((p) => getPath(config, p) === undefined);
    const issues = meta.issues.filter((i) => !OWN_CHECKS.has(i.path));
    const errors = issues.filter((i) => i.severity === 'error');
    const warnings = issues.filter((i) => i.severity === 'warning');
    const evidence = {
      generation: config.credentials,
      required: required.length,
      missing: missing.length,
      errors: errors.length,
      warnings: warnings.length,
    };
    if (missing.length > 0 || errors.length > 0) {
      const first = missing[0] ?? errors[0]?.path ?? '';
      const problems = [
        ...missing.map((p) => `${p} (${FIELD_BY_PATH.get(p)?.label ?? p}) is not set`),
        ...errors.map(formatIssue),
      ];
      return fail({
        summary: `${problems.length} credential problem${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}`,
        cause:
          `the ${config.credentials} generation needs ${required.join(', ')}; ` +
          `${missing.length > 0 ? `${missing.join(', ')} missing` : 'some values are malformed'}`,
        fix: {
          text: [...missing, ...errors.map((e) => e.path)]
            .map((p) => `${p}: ${FIELD_BY_PATH.get(p)?.where ?? ''} — set with ${howToSet(p)}`)
            .join('\n'),
          commands: ['minilvb config validate', 'minilvb init'],
        },
        ...(FAQ_BY_FIELD[first] ? { faqId: FAQ_BY_FIELD[first] } : {}),
        evidence,
      });
    }
    if (warnings.length > 0) {
      return warn({
        summary:
          `${required.length} credentials set; ${warnings.length} look unusual: ` +
          `${warnings.map(formatIssue).join('; ')}`,
        cause: 'the values do not have the usual shape; they may still be right (sub-account keys, new consoles)',
        fix: {
          text: 'Compare each value with the console page named in `minilvb config show --all`; ignore if it is right.',
          commands: ['minilvb config validate'],
        },
        ...(warnings[0] && FAQ_BY_FIELD[warnings[0].path] ? { faqId: FAQ_BY_FIELD[warnings[0].path] } : {}),
        evidence,
      });
    }
    return pass(`all ${required.length} ${config.credentials}-generation credentials set and well-formed`, {
      evidence,
    });
  },
});
