/**
 * Drives the bundled server in tests: a real listening server on 127.0.0.1 (port 0) built from
 * createApp, the embedded store or a MariaDB-backed one, a movable clock, captured JSON-line
 * logs, and small clients for the path protocol (Liteav-Sig), the Action protocol and callbacks.
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { Agent as HttpAgent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig, secretValues } from '../../src/config/index.js';
import type { MinilvbConfig } from '../../src/config/index.js';
import { openStore } from '../../src/db/index.js';
import type { Store } from '../../src/db/store.js';
import { buildServer, createLogger, type RunningServer, type ServerOptions } from '../../src/server/index.js';
import { Redactor } from '../../src/secrets/redactor.js';
import type { RoomServiceDeps } from '../../src/roomservice/index.js';
import { callbackSign, clientPasswordHash, liteavSig } from '../../src/sign/index.js';
import { currentConfig, projectDir } from './fixtures.js';
import { createTestDatabase, getMariaDB, type MariaDBServer } from './mariadb.js';
import { OUTPUT_LOG } from './run-cli.js';

/** A clock tests can move forward. */
export interface TestClock {
  now(): number;
  advance(seconds: number): void;
}

/** A real clock plus an offset. */
export function offsetClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (s) => {
      offset += s * 1000;
    },
  };
}

/** A resolved config from a fixture object (through the real loader). */
export async function resolveConfig(
  raw: Record<string, unknown> = currentConfig(),
  env: Record<string, string> = {},
): Promise<MinilvbConfig> {
  const cwd = projectDir(raw);
  const loaded = await loadConfig({ cwd, env, home: mkdtempSync(join(tmpdir(), 'minilvb-home-')) });
  return loaded.config;
}

/** A config pointing at a fresh database on the given MariaDB. */
export async function mysqlConfig(
  server: MariaDBServer,
  raw: Record<string, unknown> = currentConfig(),
): Promise<Record<string, unknown>> {
  const name = await createTestDatabase(server, 'srv');
  return { ...raw, db: { host: server.host, port: server.port, name, user: server.user, password: server.password } };
}

let usedSharedMariaDB = false;

/**
 * Stops the MariaDB this test process started (a no-op under `npm test`, whose shared server
 * outlives the file). Call it in a top-level afterAll(): the mariadbd child keeps the process alive.
 */
export async function releaseMariaDB(): Promise<void> {
  if (usedSharedMariaDB) await (await getMariaDB()).stop();
}

export type StoreChoice = 'embedded' | 'mysql';

/** The stores the server tests run against (SERVER_TEST_STORES narrows it while debugging). */
export const STORE_KINDS: StoreChoice[] = (process.env.SERVER_TEST_STORES ?? 'embedded,mysql').split(
  ',',
) as StoreChoice[];

/** A running test server. */
export interface TestServer {
  url: string;
  running: RunningServer;
  store: Store;
  config: MinilvbConfig;
  clock: TestClock;
  /** Every log line so far, parsed. */
  logs(): Array<Record<string, unknown>>;
  logText(): string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  store?: StoreChoice;
  /** The raw config; one that names a database already (mysqlConfig) is run on it as given, e.g. by two servers. */
  raw?: Record<string, unknown>;
  mariadb?: MariaDBServer;
  options?: Partial<ServerOptions>;
  clock?: TestClock;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** RoomService parts to replace; its timer sweep is off unless given `autoSweep: true`. */
  roomService?: Partial<RoomServiceDeps>;
}

/**
 * scrypt N of the passwords test servers store: 1/16 of production's, so that hundreds of
 * registrations and logins across the suite cost CPU seconds, not minutes. Stored rows name their
 * N, so every code path is the same; tests about the KDF's load pass the production cost.
 */
export const TEST_KDF_COST = 1024;

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  let raw = opts.raw ?? currentConfig();
  if (opts.store === 'mysql') {
    if (!opts.mariadb) usedSharedMariaDB = true;
    raw = await mysqlConfig(opts.mariadb ?? (await getMariaDB()), raw);
  } else if (!raw.db)
    raw = {
      ...raw,
      server: {
        ...(raw.server as Record<string, unknown> | undefined),
        dataDir: mkdtempSync(join(tmpdir(), 'minilvb-data-')),
      },
    };
  const config = await resolveConfig(raw);
  const store = await openStore(config);
  const clock = opts.clock ?? offsetClock();
  const sink = new PassThrough();
  let text = '';
  sink.on('data', (d: Buffer) => {
    text += d.toString();
  });
  const redactor = new Redactor(secretValues(config));
  const logger = createLogger({ level: opts.logLevel ?? 'debug', stream: sink, redactor, flushIntervalMs: 0 });
  const { running } = await buildServer(config, {
    store,
    clock,
    logger,
    host: '127.0.0.1',
    port: 0,
    options: { kdfCost: TEST_KDF_COST, ...opts.options },
    roomService: { autoSweep: false, ...opts.roomService },
  });
  return {
    url: running.url,
    running,
    store,
    config,
    clock,
    logs: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    logText: () => text,
    close: async () => {
      await running.close();
      appendFileSync(OUTPUT_LOG, `$ (server log)\n${text}\n`);
    },
  };
}

/** One HTTP answer. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/**
 * node:http with a keep-alive agent, not fetch: the suite sends thousands of requests, and undici's
 * per-request machinery (Request, AbortSignal.timeout) cost several times the server's own work.
 */
const agent = new HttpAgent({ keepAlive: true });

export function send(
  url: string,
  path: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        agent,
        method: init.method ?? 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8', ...init.headers },
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            /* non-JSON bodies are asserted via text */
          }
          const headers = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
            headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          resolve({ status: res.statusCode ?? 0, headers, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${init.method ?? 'POST'} ${path}: no answer in 15 s`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** POST a JSON body (object → JSON.stringify; string sent as is). */
export function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(url, path, { body: typeof body === 'string' ? body : JSON.stringify(body), headers });
}

/** A signed path-protocol call with the common fields added. */
export function signed(
  url: string,
  path: string,
  userid: string,
  token: string,
  extra: Record<string, unknown> = {},
): Promise<Answer> {
  const body = JSON.stringify({ userid, timestamp: Math.floor(Date.now() / 1000), expires: 10, ...extra });
  return send(url, path, { body, headers: { 'Liteav-Sig': liteavSig(token, body) } });
}

/** Registers and logs in a user; returns the login data. */
export async function registerAndLogin(
  url: string,
  userid: string,
  plain = 'secret123',
): Promise<{ token: string; refresh: string; password: string; data: Record<string, unknown> }> {
  const password = clientPasswordHash(plain, userid);
  const reg = await post(url, '/register', { userid, password });
  if (reg.json.code !== 200) throw new Error(`register ${userid}: ${reg.text}`);
  const login = await post(url, '/login', { userid, password });
  if (login.json.code !== 200) throw new Error(`login ${userid}: ${login.text}`);
  const data = login.json.data as Record<string, unknown>;
  return { token: data.token as string, refresh: data.refresh_token as string, password, data };
}

/** A correctly signed callback body (t = now + 600 by default). */
export function callbackBody(
  key: string,
  fields: Record<string, unknown>,
  t = Math.floor(Date.now() / 1000) + 600,
): Record<string, unknown> {
  return { t, sign: callbackSign(key, t), ...fields };
}

/** A recording event (100) for stream `{bizid}_{userid}`. */
export function recordingEvent(
  key: string,
  userid: string,
  fileId: string,
  start: number,
  end: number,
  format = 'mp4',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return callbackBody(key, {
    event_type: 100,
    stream_id: `8888_${userid}`,
    channel_id: `8888_${userid}`,
    video_id: fileId,
    file_id: `f${fileId}`,
    video_url: `http://1250000000.vod2.myqcloud.com/${fileId}/f0.${format === 'hls' ? 'm3u8' : format}`,
    file_format: format,
    start_time: start,
    end_time: end,
    duration: end - start,
    ...extra,
  });
}
