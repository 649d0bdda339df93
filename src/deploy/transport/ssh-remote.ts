/**
 * Remote over node-ssh (ssh2, pure JavaScript): key or agent auth, an optional jump host, and the
 * host key checked by createHostVerifier before authentication starts.
 */
import { createReadStream, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import { NodeSSH, type Config } from 'node-ssh';
import { MinilvbError } from '../../errors.js';
import { parseTarget, type DeployTarget } from '../targets.js';
import { createHostVerifier, hostKeyError, type HostKeyPolicy } from './host-verifier.js';
import { shq, withCwd, type ExecOptions, type ExecResult, type Remote } from './remote.js';

/** How to authenticate and which keys to trust. */
export interface SshOptions {
  hostKeys: HostKeyPolicy;
  /** Private key file; unset: SSH_AUTH_SOCK, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  keyFile?: string;
  /** `user@host[:port]` to go through. */
  jump?: string;
  env?: Record<string, string | undefined>;
  home?: string;
  readyTimeoutMs?: number;
}

export async function connectSsh(target: DeployTarget, options: SshOptions): Promise<Remote> {
  let jump: NodeSSH | undefined;
  let sock: ClientChannel | undefined;
  if (options.jump) {
    const via = parseTarget(options.jump, '/');
    jump = await open(via, options);
    sock = await forward(jump, target);
  }
  try {
    const ssh = await open(target, options, sock);
    return wrap(target.label, ssh, jump);
  } catch (e) {
    jump?.dispose();
    throw e;
  }
}

async function open(target: DeployTarget, options: SshOptions, sock?: ClientChannel): Promise<NodeSSH> {
  const verifier = await createHostVerifier(target.host, target.port, options.hostKeys);
  const env = options.env ?? process.env;
  const config: Config = {
    host: target.host,
    port: target.port,
    username: target.user,
    readyTimeout: options.readyTimeoutMs ?? 15_000,
    hostVerifier: (key: Buffer) => verifier.verify(key),
    ...(verifier.algorithms ? { algorithms: { serverHostKey: verifier.algorithms as never[] } } : {}),
    ...(sock ? { sock } : {}),
  };
  const keyFile = options.keyFile ?? defaultKey(options.home ?? env.HOME ?? homedir(), env.SSH_AUTH_SOCK);
  if (keyFile) config.privateKeyPath = keyFile;
  else if (env.SSH_AUTH_SOCK) config.agent = env.SSH_AUTH_SOCK;
  const ssh = new NodeSSH();
  try {
    await ssh.connect(config);
  } catch (e) {
    ssh.dispose();
    const verdict = verifier.verdict();
    if (verdict && (verdict.kind === 'unknown' || verdict.kind === 'changed' || verdict.kind === 'revoked'))
      throw hostKeyError(target.label, target.host, target.port, verdict, options.hostKeys);
    throw sshError(target.label, e, keyFile);
  }
  await verifier.persist();
  return ssh;
}

function defaultKey(home: string, agent: string | undefined): string | undefined {
  if (agent) return undefined;
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => join(home, '.ssh', n)).find((p) => existsSync(p));
}

function forward(jump: NodeSSH, target: DeployTarget): Promise<ClientChannel> {
  const conn = jump.connection;
  if (!conn) throw new MinilvbError('MLVB_SSH', `jump host connection closed before forwarding to ${target.label}.`);
  return new Promise((resolve, reject) => {
    conn.forwardOut('127.0.0.1', 0, target.host, target.port, (err, channel) => (err ? reject(err) : resolve(channel)));
  });
}

function sshError(label: string, e: unknown, keyFile: string | undefined): MinilvbError {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown }).code;
  const auth = /authentication methods failed/i.test(message);
  return new MinilvbError('MLVB_SSH', `${label}: SSH ${auth ? 'key refused' : 'connection failed'}: ${message}`, {
    hint: auth
      ? `The host did not accept ${keyFile ?? 'the agent keys'}: add its public key to ~/.ssh/authorized_keys ` +
        `on the host, or set deploy.key.`
      : 'Check that the host is up and that sshd listens on that port (ssh -p PORT user@host true).',
    details: { host: label, ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}) },
    cause: e,
  });
}

function wrap(label: string, ssh: NodeSSH, jump: NodeSSH | undefined): Remote {
  return {
    label,
    async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
      const stdin =
        options.stdin === undefined
          ? undefined
          : typeof options.stdin === 'string'
            ? options.stdin
            : Readable.from([options.stdin]);
      try {
        const r = await ssh.execCommand(withCwd(command, options.cwd), stdin === undefined ? {} : { stdin });
        return { code: r.code ?? 255, stdout: r.stdout, stderr: r.stderr };
      } catch (e) {
        throw new MinilvbError('MLVB_SSH', `${label}: the SSH connection broke: ${(e as Error).message}`, { cause: e });
      }
    },
    // Streamed into `cat` rather than SFTP: works on hosts without the sftp subsystem, and fails on a full disk.
    async putFile(local: string, remote: string): Promise<void> {
      let r: { code: number | null; stderr: string };
      try {
        // A failed write (a full disk) leaves no partial file behind.
        const cmd = `cat > ${shq(remote)} || { rc=$?; rm -f ${shq(remote)}; exit $rc; }`;
        r = await ssh.execCommand(cmd, { stdin: createReadStream(local) });
      } catch (e) {
        throw new MinilvbError('MLVB_SSH', `${label}: upload of ${remote} failed: ${(e as Error).message}`, {
          cause: e,
        });
      }
      if (r.code !== 0)
        throw new MinilvbError('MLVB_DEPLOY_FAILED', `${label}: upload of ${remote} failed: ${r.stderr.trim()}`, {
          hint: 'Check the free disk space on the host (minilvb deploy --check).',
          details: { host: label },
        });
    },
    async dispose(): Promise<void> {
      ssh.dispose();
      jump?.dispose();
    },
  };
}
