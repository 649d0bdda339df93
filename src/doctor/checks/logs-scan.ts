/** `doctor --log <file>…`: every knowledge-base keyword found in app and server logs, as a finding. */
import { resolve } from 'node:path';
import { defineCheck, pass, skip, type CheckOutcome, type Finding } from '../check.js';
import { MAX_TAIL_BYTES, scanLog } from '../knowledge/scan-log.js';

const MAX_FILES = 20;

export default defineCheck({
  id: 'logs.scan',
  group: 'logs',
  title: 'Known failures in the logs',
  async run({ inputs }) {
    const files = (inputs.logFiles ?? []).slice(0, MAX_FILES).map((f) => resolve(inputs.cwd, f));
    if (files.length === 0)
      return skip(
        'no logs given: pass --log <file> (rtmpsdk_*.log, logcat, nginx ' +
          'error_log, mysql_error*.log.php, the minilvb log)',
      );
    const findings: Finding[] = [];
    let lines = 0;
    for (const file of files) {
      let scan;
      try {
        scan = await scanLog(file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? String(e);
        findings.push({
          status: 'error',
          summary: `cannot read ${file} (${code})`,
          fix: {
            text: 'Check the path and permissions (PHP logs are often readable by root or the php-fpm user only).',
          },
        });
        continue;
      }
      lines += scan.lines;
      for (const hit of scan.hits) {
        findings.push({
          status: hit.pattern.severity,
          summary:
            `${hit.pattern.keyword}: ${hit.count}× in ${file}` +
            `${scan.readBytes < scan.bytes ? ` (last ${Math.round(MAX_TAIL_BYTES / 1048576)} MiB)` : ''}` +
            `, last: ${hit.excerpt}`,
          cause: hit.pattern.cause,
          fix: hit.pattern.fix,
          faqId: hit.pattern.faqId,
          evidence: { file, count: hit.count, line: hit.lastLine },
        });
      }
    }
    const worst = findings.some((f) => f.status === 'fail')
      ? 'fail'
      : findings.some((f) => f.status === 'error')
        ? 'error'
        : findings.some((f) => f.status === 'warn')
          ? 'warn'
          : 'pass';
    if (worst === 'pass')
      return pass(
        `no known failure keywords in ${files.length} file${files.length > 1 ? 's' : ''} (${lines} lines read)`,
        { evidence: { files: files.length, lines } },
      );
    const known = findings.filter((f) => f.faqId);
    const outcome: CheckOutcome = {
      status: worst,
      summary:
        `${known.length} known problem${known.length === 1 ? '' : 's'} in ` +
        `${files.length} file${files.length > 1 ? 's' : ''}` +
        `${findings.length > known.length ? `, ${findings.length - known.length} unreadable` : ''}` +
        `: ${[...new Set(known.map((f) => f.faqId))].join(', ')}`,
      findings,
      evidence: { files: files.length, lines },
    };
    if (known[0]?.faqId) outcome.faqId = known[0].faqId;
    return outcome;
  },
});
