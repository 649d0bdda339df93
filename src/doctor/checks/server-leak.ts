/** The server does not serve its config or setup files to anyone (SRV-LEAK). */
import { defineCheck, fail, pass } from '../check.js';
import { probe, trustedTarget } from '../probe/server-probes.js';

const LEAKS: ReadonlyArray<{ path: string; looksLike: RegExp; holds: string }> = [
  { path: '/conf/cdn.route.ini', looksLike: /\[DB\]|PASSWD\s*=/i, holds: 'the database and Redis passwords' },
  { path: '/conf/OutDefine.php', looksLike: /define\s*\(\s*'(API_KEY|COSKEY)/, holds: 'every API key' },
  { path: '/createDB.sh', looksLike: /DROP DATABASE|CREATE TABLE/i, holds: 'the database user and password' },
];

export default defineCheck({
  id: 'server.leak',
  group: 'server',
  title: 'Config files not downloadable',
  needs: { checks: ['server.generation'] },
  async run(ctx) {
    const trusted = trustedTarget(ctx);
    if (!trusted.ok) return trusted.skip;
    const { target } = trusted;
    const answers = await Promise.all(
      LEAKS.map(async (l) => ({ leak: l, p: await probe(ctx, `${target.origin}${l.path}`) })),
    );
    const leaked = answers.filter(
      ({ leak, p }) => p.ok && p.answer.status === 200 && leak.looksLike.test(p.answer.body),
    );
    if (leaked.length > 0) {
      return fail({
        summary: `anyone can download ${leaked.map((l) => l.leak.path).join(', ')}`,
        cause:
          `the web root contains the PHP code's config and setup files, which hold ` +
          `${leaked.map((l) => l.leak.holds).join(' and ')}`,
        fix: {
          text:
            'Deny these paths in nginx (location ~ ^/(conf|log)/ { deny all; } and ' +
            'location = /createDB.sh { deny all; }), then rotate the leaked ' +
            'passwords and keys.',
          commands: ['nginx -t && nginx -s reload'],
        },
        faqId: 'SRV-LEAK',
        evidence: { leaked: leaked.map((l) => l.leak.path).join(',') },
      });
    }
    return pass(`${LEAKS.map((l) => l.path).join(', ')} are not served`);
  },
});
