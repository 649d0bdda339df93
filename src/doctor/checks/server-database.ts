/**
 * The server's own view of its database (`GET /readyz`): when the server cannot use it, this
 * check names why in the server's words, and the callback/app checks defer to it instead of
 * blaming the callback URL or the login (DB-ACCESS, VOD-DB-TABLES, VOD-DB-WRITE).
 */
import { defineCheck, pass, skip } from '../check.js';
import { dbFaultOutcome } from '../probe/db-fault-finding.js';
import { serverDbState } from '../probe/server-db-state.js';
import { trustedTarget } from '../probe/server-probes.js';

export default defineCheck({
  id: 'server.database',
  group: 'server',
  title: 'Server can use its database',
  needs: { checks: ['server.generation'] },
  async run(ctx) {
    const trusted = trustedTarget(ctx);
    if (!trusted.ok) return trusted.skip;
    const state = await serverDbState(ctx, trusted.target);
    if (state.state === 'unknown')
      return skip(
        `${state.why}: the server does not report its database (a PHP server); ` +
          `the app and callback checks probe it instead`,
      );
    if (state.state === 'ready') return pass(`${trusted.target.origin}/readyz: the server reaches its database`);
    return dbFaultOutcome(state.fault, `${trusted.target.origin}/readyz`);
  },
});
