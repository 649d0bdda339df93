/**
 * Broken deployments for the doctor tests, made of real parts: throwaway certificates (openssl), an
 * HTTPS front for the bundled server, a proxy that breaks chosen paths, and raw fault servers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A CA and a leaf certificate signed by it. */
export interface TestCerts {
  ca: string;
  cert: string;
  key: string;
}

const stamp = (d: Date): string => `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/** Makes a CA and a leaf for `san` valid from `start` to `end` (EC P-256: RSA key generation costs seconds). */
export function makeCerts(opts: { start: Date; end: Date; san?: string }): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-certs-'));
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  run([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '30',
    '-subj',
    '/CN=minilvb doctor test CA',
  ]);
  run([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.csr',
    '-subj',
    '/CN=minilvb doctor test',
  ]);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    `[ ca ]\ndefault_ca = t\n[ t ]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = any\nx509_extensions = leaf\n[ any ]\ncommonName = supplied\n[ leaf ]\nsubjectAltName = ${opts.san ?? 'IP:127.0.0.1,DNS:localhost'}\nbasicConstraints = CA:FALSE\n`,
  );
  run([
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.pem',
    '-keyfile',
    'ca.key',
    '-in',
    'leaf.csr',
    '-out',
    'leaf.pem',
    '-startdate',
    stamp(opts.start),
    '-enddate',
    stamp(opts.end),
    '-notext',
  ]);
  return {
    ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'leaf.pem'), 'utf8'),
    key: readFileSync(join(dir, 'leaf.key'), 'utf8'),
  };
}

/** A listening fake with its base URL. */
export interface Fake {
  url: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, scheme: 'http' | 'https'): Promise<Fake> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `${scheme}://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

/** Forwards a request to `target` (http base URL), streaming the answer back. */
function forward(target: string, req: IncomingMessage, res: ServerResponse): void {
  const t = new URL(target);
  const up = request(
    { host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers },
    (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    },
  );
  up.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(up);
}

/** An HTTPS front for the bundled server with the given certificate. */
export function startTlsFront(target: string, certs: TestCerts): Promise<Fake> {
  return listen(
    createHttpsServer({ cert: certs.cert, key: certs.key }, (req, res) => forward(target, req, res)),
    'https',
  );
}

/** A proxy to `target` where `override` may answer a request itself (return true) instead. */
export function startProxy(
  target: string,
  override: (req: IncomingMessage, res: ServerResponse) => boolean,
): Promise<Fake> {
  return listen(
    createHttpServer((req, res) => {
      if (!override(req, res)) forward(target, req, res);
    }),
    'http',
  );
}

/** A plain HTTP server answering everything with `handler`. */
export function startFake(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Fake> {
  return listen(
    createHttpServer((req, res) => {
      req.resume();
      handler(req, res);
    }),
    'http',
  );
}

/** Accepts TCP connections and never answers (a hung server). */
export function startHang(): Promise<Fake> {
  return listen(createTcpServer(() => {}) as unknown as Server, 'http');
}

/**
 * A TCP forwarder to `host:port` (e.g. MariaDB) that can be cut: `cut()` drops every connection and refuses new ones.
 */
export interface TcpForwarder {
  port: number;
  cut(): Promise<void>;
}

export function startTcpForwarder(host: string, port: number): Promise<TcpForwarder> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    const upstream = connect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        cut: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
