/**
 * Real OpenSSH servers for the deploy tests: `/usr/sbin/sshd -D -f <tmp config>` on a loopback
 * address (127.0.0.1, .2, .3 …) and a free port, with its own ed25519 host key and an
 * authorized_keys holding a key generated here. The "host" is this machine; each test host gets its
 * own deploy root. Stop them in afterAll.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './ports.js';

/** A running sshd. */
export interface Sshd {
  address: string;
  port: number;
  /** The server's host public key line (`ssh-ed25519 AAAA…`). */
  hostKey: string;
  /** The client private key file that the server accepts. */
  clientKey: string;
  dir: string;
  stop(): Promise<void>;
}

/** Options of startSshd. */
export interface SshdOptions {
  address?: string;
  /** Environment of the sessions (sshd SetEnv), e.g. a PATH with a fake old node. */
  env?: Record<string, string>;
  /** Reuse a client key (several servers accepting the same key). */
  clientKey?: string;
}

export function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'minilvb-test', '-f', file]);
}

export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  const address = options.address ?? '127.0.0.1';
  const dir = mkdtempSync(join(tmpdir(), 'mlvb-sshd-'));
  mkdirSync('/run/sshd', { recursive: true });
  keygen(join(dir, 'host_ed25519'));
  const clientKey = options.clientKey ?? join(dir, 'client');
  if (!options.clientKey) keygen(clientKey);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort(address);
    const config = [
      `ListenAddress ${address}:${port}`,
      `HostKey ${join(dir, 'host_ed25519')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'StrictModes no',
      'UsePAM no',
      `PidFile ${join(dir, 'sshd.pid')}`,
      'LogLevel ERROR',
      'MaxStartups 50',
      'UseDNS no',
      'PrintMotd no',
      'PrintLastLog no',
      'X11Forwarding no',
      'PermitUserRC no',
      'Subsystem sftp internal-sftp',
      // sshd honours only the first SetEnv line. SHLVL=2 keeps bash from sourcing ~/.bashrc for
      // commands run over SSH (it does so only at shell level 1): this machine's root .bashrc runs
      // pyenv init, which made every remote command half a second slower than on a real host.
      `SetEnv ${Object.entries({ SHLVL: '2', ...options.env })
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    ].join('\n');
    writeFileSync(join(dir, 'sshd_config'), `${config}\n`);
    const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    if (await listening(address, port, child)) {
      const hostKey = readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
      return { address, port, hostKey, clientKey, dir, stop: () => stop(child) };
    }
    await stop(child);
    if (!/Address already in use/.test(stderr)) throw new Error(`sshd did not start: ${stderr}`);
  }
  throw new Error('sshd: no free port after 5 attempts');
}

async function listening(address: string, port: number, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return false;
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, address);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return true;
    await sleep(50);
  }
  return false;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** A known_hosts line for this server, plain (`[addr]:port key`). */
export function knownHostsLine(sshd: Sshd): string {
  return `[${sshd.address}]:${sshd.port} ${sshd.hostKey}`;
}
