/**
 * The `roomservice` group: `minilvb roomservice verify`'s steps (docs/roomservice.md#minilvb-roomservice-verify)
 * against the probed server, one finding per step with the server's code and message. Opt-in (it logs in,
 * creates and destroys a throw-away room, which makes IM REST calls): `minilvb doctor roomservice`.
 */
import { verifyRoomService, type VerifyStep } from '../../roomservice/verify.js';
import { defineCheck, fail, pass, skip, type Finding } from '../check.js';

/** What to change when a step fails. */
const FIX: Readonly<Record<string, string>> = {
  usersig: 'Give server.adminToken the value the server runs with, or set im.secretKey / im.privateKey locally.',
  'login-v1': "The server's IM keys differ from yours: run minilvb roomservice push --with-private-key",
  'login-v2': "The server's IM keys differ from yours: run minilvb roomservice push --with-private-key",
  'room-list': 'The server does not keep tokens: check its store (minilvb doctor database).',
  'bad-token': 'The server accepted a wrong token: upgrade minilvb on the server.',
  'push-url': "The server's push key differs from lvb.pushKey: run minilvb roomservice push",
  room: "IM REST refused the server's admin UserSig: check im.administrator and the IM key, then push again.",
  logout: 'The server keeps tokens after logout: upgrade minilvb on the server.',
};

export default defineCheck({
  id: 'roomservice.verify',
  group: 'roomservice',
  title: 'RoomService answers both client generations end to end',
  optIn: true,
  timeoutMs: 30_000,
  async run(ctx) {
    if (!ctx.serverUrl) return skip('no server URL: set server.publicUrl or pass --server <url>');
    const server = ctx.serverUrl.replace(/\/interface\.php$/, '');
    const token = ctx.config.server.adminToken;
    const report = await verifyRoomService({
      server,
      config: ctx.config,
      ...(token ? { adminToken: token } : {}),
      fetch: (url, init) => ctx.fetch(url, init ?? {}),
      nowSec: Math.floor(ctx.clock.now() / 1000),
    });
    const findings: Finding[] = report.steps
      .filter((st): st is VerifyStep & { status: 'pass' | 'fail' } => st.status !== 'skip')
      .map((st) => ({
        status: st.status,
        summary: `${st.title}: ${st.message}`,
        ...(st.status === 'fail' && FIX[st.id] ? { fix: { text: FIX[st.id] as string } } : {}),
      }));
    const evidence = Object.fromEntries(report.steps.map((st) => [st.id, st.status]));
    const failed = report.steps.find((st) => st.status === 'fail');
    if (!failed) return pass(`${report.steps.length} steps passed at ${server}`, { evidence, findings });
    return fail({
      summary: `RoomService failed at "${failed.title}": ${failed.message}`,
      cause: failed.message,
      fix: { text: FIX[failed.id] ?? 'See the failed step.', commands: ['minilvb roomservice verify'] },
      evidence,
      findings,
    });
  },
});
