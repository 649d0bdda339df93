/** The one interface the deploy steps talk to a host through (SSH in production, the same in tests). */
import { shellWord } from '../../templates/filters.js';

/** What a remote command ended with; callers act on `code`, never on stderr. */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of one remote command. */
export interface ExecOptions {
  /** Run as `cd <cwd> && <cmd>`, so a missing directory fails the command instead of running it elsewhere. */
  cwd?: string;
  /** Written to the command's standard input (secrets travel here, never in argv). */
  stdin?: string | Buffer;
}

/** A connected host. */
export interface Remote {
  /** `user@host:port` as the user wrote it, for messages. */
  readonly label: string;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Uploads a local file (SFTP). */
  putFile(local: string, remote: string): Promise<void>;
  dispose(): Promise<void>;
}

/** A POSIX shell single-quoted word (the templates' `sh` filter). */
export const shq = shellWord;

/** The command line actually sent for `exec(command, {cwd})`. */
export function withCwd(command: string, cwd: string | undefined): string {
  return cwd ? `cd ${shq(cwd)} && ${command}` : command;
}
