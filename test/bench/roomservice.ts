/**
 * RoomService benchmark, run by `npm run bench:server` after the app endpoints (not a test). Against the real
 * `minilvb serve` (built binary, own process, request logs on) with the IM emulator as IM REST:
 * 200 rooms × 4 members, every member heartbeating every 5 s (160 heartbeats/s, spread evenly) for
 * RS_BENCH_SECONDS (default 15); heartbeat p99 must stay under 20 ms. Then `roomservice verify` against the
 * same healthy server, in process and as the CLI: under 1 s.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/index.js';
import { verifyRoomService } from '../../src/roomservice/verify.js';
import { genUserSigV2 } from '../../src/sign/index.js';
import { startImEmulator } from '../emulators/im-emulator.js';
import { freePort } from '../helpers/ports.js';
import { startChild, stopChild } from './child.js';
import { rsImState, RS_SDKAPPID } from '../helpers/roomservice.js';

const BIN = new URL('../../bin/minilvb.js', import.meta.url).pathname;
const SECONDS = Number(process.env.RS_BENCH_SECONDS ?? 15);
const ROOMS = 200;
const MEMBERS = 4;
const SECRET = 'a'.repeat(64);
const ADMIN = 'b'.repeat(32);

/** The env of the served config (also what verify loads). */
function serverEnv(imUrl: string, port: number): Record<string, string> {
  return {
    MINILVB_IM_SDKAPPID: String(RS_SDKAPPID),
    MINILVB_IM_SECRETKEY: SECRET,
    MINILVB_IM_ENDPOINT: imUrl,
    MINILVB_PUSH_KEY: 'P'.repeat(32),
    MINILVB_PUSH_DOMAIN: 'push.example.com',
    MINILVB_PLAY_DOMAIN: 'play.example.com',
    MINILVB_ADMIN_TOKEN: ADMIN,
    MINILVB_PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** One store's run; `env` selects it (MINILVB_DATA_DIR or MINILVB_DB_*). Returns the heartbeat p99 in ms. */
export async function benchRoomService(label: string, env: Record<string, string>, cwd: string): Promise<number> {
  const im = await startImEmulator(rsImState());
  im.state.apps[0]!.secretKey = SECRET;
  const port = await freePort();
  const all = { ...env, ...serverEnv(im.url, port), MINILVB_LOG_FILE: `${cwd}/rs-server.log` };
  const child = await startChild([BIN, 'serve', '--port', String(port), '--json'], all, cwd);
  const url = `http://127.0.0.1:${port}`;
  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> =>
    (await (await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body) })).json()) as Record<
      string,
      unknown
    >;
  try {
    const members: Array<{ q: string; roomID: string; userID: string }> = [];
    for (let r = 0; r < ROOMS; r++) {
      for (let m = 0; m < MEMBERS; m++) {
        const userID = `b${r}_${m}`;
        const sig = genUserSigV2({ sdkAppId: RS_SDKAPPID, secretKey: SECRET, userId: userID });
        const login = await post(`/weapp/multi_room/login?sdkAppID=${RS_SDKAPPID}&userID=${userID}&userSig=${sig}`, '');
        const q = `?userID=${userID}&token=${String(login.token)}`;
        const roomID = `bench_${r}`;
        const add = await post(`/weapp/multi_room/add_anchor${q}`, {
          roomID,
          pushURL: `rtmp://push.example.com/live/${userID}?txSecret=0&txTime=0`,
        });
        if (add.code !== 0) throw new Error(`add_anchor: ${JSON.stringify(add)}`);
        members.push({ q, roomID, userID });
      }
    }
    const latencies: number[] = [];
    let failures = 0;
    const spacing = 5000 / members.length;
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    // Each member beats every 5 s, offset so the 160/s are spread evenly (like real clients).
    for (let i = 0; performance.now() - t0 < SECONDS * 1000; i++) {
      const due = t0 + i * spacing;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const m = members[i % members.length]!;
      pending.push(
        (async () => {
          const s = performance.now();
          const r = await post(`/weapp/multi_room/anchor_heartbeat${m.q}`, { roomID: m.roomID, roomStatusCode: 0 });
          latencies.push(performance.now() - s);
          if (r.code !== 0) failures++;
        })(),
      );
    }
    await Promise.all(pending);
    latencies.sort((a, b) => a - b);
    const p99 = pct(latencies, 99);
    console.log(
      `roomservice ${label}: ${ROOMS} rooms x ${MEMBERS} members, ${latencies.length} heartbeats in ${SECONDS} s ` +
        `(${(latencies.length / SECONDS).toFixed(0)}/s), failures ${failures}; p50 ${pct(latencies, 50).toFixed(1)} ms, ` +
        `p99 ${p99.toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms (target p99 < 20 ms: ` +
        `${p99 < 20 && failures === 0 ? 'ok' : 'MISSED'})`,
    );
    // verify against the same healthy server: in process, then the CLI (cold start included).
    const { config } = await loadConfig({ cwd, env: all, home: cwd });
    let s = performance.now();
    const report = await verifyRoomService({ server: url, config, adminToken: ADMIN });
    const inProcess = performance.now() - s;
    s = performance.now();
    const cli = spawn(process.execPath, [BIN, 'roomservice', 'verify', '--json'], {
      cwd,
      env: { PATH: process.env.PATH, HOME: cwd, ...all },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const code = await new Promise<number | null>((r) => cli.once('exit', r));
    const cliMs = performance.now() - s;
    console.log(
      `roomservice ${label}: verify ${report.ok ? 'passed' : 'FAILED'} in ${inProcess.toFixed(0)} ms in process, ` +
        `CLI exit ${code} in ${cliMs.toFixed(0)} ms (target < 1000 ms: ${cliMs < 1000 && code === 0 ? 'ok' : 'MISSED'})`,
    );
    return p99;
  } finally {
    await stopChild(child);
    await im.close();
  }
}
