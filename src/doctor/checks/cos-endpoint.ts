/** The COS host of the bucket answers over the network (DNS, connect, TLS, gateway). */
import { defineCheck, pass, skip } from '../check.js';
import { cosBucketList, cosEndpointProbe, cosTarget } from '../probe/cloud-clients.js';
import { transportOutcome } from '../probe/cloud-finding.js';

export default defineCheck({
  id: 'cos.endpoint',
  group: 'cos',
  title: 'COS answers',
  needs: { config: ['cos.bucket', 'cos.appId', 'cos.region'] },
  async run(ctx) {
    const target = cosTarget(ctx.config);
    // Start the (read-only) bucket listing now: the credential checks need it next, saving a round trip.
    void cosBucketList(ctx).catch(() => undefined);
    const probe = await cosEndpointProbe(ctx);
    if (!target || !probe) return skip('no COS bucket configured');
    const where = ctx.config.cloud.cosEndpoint
      ? `${ctx.config.cloud.cosEndpoint} (cloud.cosEndpoint, Host ${target.host})`
      : target.host;
    if (!probe.ok)
      return transportOutcome(probe, { name: 'COS', where, endpointField: 'cloud.cosEndpoint' }) ?? skip(probe.message);
    const failed = transportOutcome(
      {
        ok: false,
        code: String(probe.status),
        message: '',
        httpStatus: probe.status,
        ...(probe.requestId ? { requestId: probe.requestId } : {}),
      },
      { name: 'COS', where, endpointField: 'cloud.cosEndpoint' },
    );
    if (failed) return failed;
    return pass(`${target.host} answers (HTTP ${probe.status} to an unsigned HEAD)`, {
      evidence: { host: target.host, status: probe.status, ...(probe.requestId ? { requestId: probe.requestId } : {}) },
    });
  },
});
