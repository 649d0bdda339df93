/**
 * A complete local Mini LVB deployment for the doctor tests: a real MariaDB database with an
 * application user, the bundled server on 127.0.0.1:0 (MySQL store), and the cloud emulators.
 * `doctorConfig()` gives the config doctor runs with; scenarios override one value on either side.
 */
import mysql from 'mysql2/promise';
import { loadConfig, type LoadedConfig } from '../../src/config/index.js';
import { openStore } from '../../src/db/index.js';
import { CHECKS, configMeta, runDoctor, type DoctorReport, type RunDoctorOptions } from '../../src/doctor/index.js';
import { buildServer, silentLogger, type RunningServer } from '../../src/server/index.js';
import { startCloudStack, type CloudStack } from '../emulators/cloud-stack.js';
import { currentConfig, projectDir, TEST_SECRETS } from './fixtures.js';
import { TEST_KDF_COST } from './server-client.js';
import { createTestDatabase, getMariaDB, type MariaDBServer } from './mariadb.js';

/** The running stack. */
export interface DoctorStack {
  mariadb: MariaDBServer;
  dbName: string;
  dbUser: string;
  server: RunningServer;
  cloud: CloudStack;
  /** The project directory (minilvb.config.json, mode 0600) doctor runs in. */
  dir: string;
  /** Config doctor sees, with overrides (by field path) applied on top. */
  doctorConfig(overrides?: Record<string, unknown>): Promise<LoadedConfig>;
  /**
   * Runs doctor on the library API (no CLI) with config overrides and run options. While it runs,
   * the emulated console's callback templates that name the stack's server point at the probed
   * server instead (as an operator's would), unless `console: 'as-is'`; they are restored after.
   */
  doctor(
    overrides?: Record<string, unknown>,
    options?: Partial<RunDoctorOptions> & StackDoctorOptions,
  ): Promise<DoctorReport>;
  /** Starts a second bundled server with server-side overrides (same database); closed by close(). */
  extraServer(overrides: Record<string, unknown>): Promise<RunningServer>;
  close(): Promise<void>;
}

/** How stack.doctor() treats the emulated cloud console. */
export interface StackDoctorOptions {
  /** `follow-probed-server` (default): callback templates follow the probed server; `as-is`: untouched. */
  console?: 'follow-probed-server' | 'as-is';
}

export interface StackOptions {
  latencyMs?: number;
}

export async function startDoctorStack(opts: StackOptions = {}): Promise<DoctorStack> {
  const mariadb = await getMariaDB();
  const dbName = await createTestDatabase(mariadb, 'doc');
  const dbUser = `lu_${dbName.slice(-8)}`;
  const admin = await mysql.createConnection({
    host: mariadb.host,
    port: mariadb.port,
    user: mariadb.user,
    password: mariadb.password,
  });
  for (const host of ['127.0.0.1', 'localhost']) {
    await admin.query(`CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?`, [dbUser, host, TEST_SECRETS.dbPassword]);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${dbName}\`.* TO ?@?`, [dbUser, host]);
  }
  await admin.end();

  const db = { host: mariadb.host, port: mariadb.port, name: dbName, user: dbUser, password: TEST_SECRETS.dbPassword };
  const dir = projectDir(currentConfig({ db }));
  const extras: RunningServer[] = [];
  const startBundled = async (overrides: Record<string, unknown>): Promise<RunningServer> => {
    const loaded = await loadConfig({
      cwd: dir,
      env: {},
      home: dir,
      overrides: { 'server.host': '127.0.0.1', ...overrides },
    });
    const store = await openStore(loaded.config, { cwd: dir });
    const options = { kdfCost: TEST_KDF_COST };
    return (
      await buildServer(loaded.config, { store, cwd: dir, host: '127.0.0.1', port: 0, logger: silentLogger, options })
    ).running;
  };
  const server = await startBundled({});
  const cloud = await startCloudStack({
    serverUrl: server.url,
    ...(opts.latencyMs ? { latencyMs: opts.latencyMs } : {}),
  });

  const doctorConfig = (overrides: Record<string, unknown> = {}): Promise<LoadedConfig> =>
    loadConfig({
      cwd: dir,
      env: {},
      home: dir,
      overrides: { ...cloud.overrides, 'server.publicUrl': server.url, ...overrides },
    });

  return {
    mariadb,
    dbName,
    dbUser,
    server,
    cloud,
    dir,
    doctorConfig,
    async doctor(overrides = {}, { console: consoleMode = 'follow-probed-server', ...options } = {}) {
      const loaded = await doctorConfig(overrides);
      // The console's callback template follows the server under test, as it would in a real setup.
      const probed = new URL(options.inputs?.serverUrl ?? loaded.config.server.publicUrl ?? server.url).origin;
      const templates = cloud.live.state.callbackTemplates;
      const saved = templates.map((t) => ({ ...t }));
      if (consoleMode === 'follow-probed-server')
        for (const t of templates) {
          // Only the healthy default follows; a URL a scenario wrote itself is kept exactly.
          for (const k of ['StreamBeginNotifyUrl', 'StreamEndNotifyUrl', 'RecordNotifyUrl'] as const)
            if (t[k] === `${server.url}/callback/tape_callback.php`) t[k] = `${probed}/callback/tape_callback.php`;
        }
      try {
        return await runDoctor({
          checks: CHECKS,
          config: loaded.config,
          meta: configMeta(loaded),
          inputs: { cwd: dir },
          ...options,
        });
      } finally {
        saved.forEach((t, i) => {
          templates[i] = t;
        });
      }
    },
    async extraServer(overrides) {
      const s = await startBundled(overrides);
      extras.push(s);
      return s;
    },
    async close() {
      await Promise.all([server.close(), cloud.close(), ...extras.map((s) => s.close())]);
    },
  };
}
