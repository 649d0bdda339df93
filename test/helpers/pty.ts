/**
 * Drives a command through a real pseudo-terminal without native addons: util-linux `script`
 * allocates the pty, we type into its stdin and read what the terminal shows from its stdout.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

/** Key sequences a terminal sends. */
export const KEYS = { enter: '\r', down: '\x1b[B', clearLine: '\x15' } as const;

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export class PtySession {
  readonly #child: ChildProcessWithoutNullStreams;
  #raw = '';
  #consumed = 0;
  readonly #exit: Promise<number>;

  /**
   * `size` defaults to a wide terminal, so prompts and messages are not wrapped in the middle of what tests wait for.
   */
  constructor(
    argv: string[],
    opts: { cwd: string; env: Record<string, string | undefined>; size?: { cols: number; rows: number } },
  ) {
    const { cols, rows } = opts.size ?? { cols: 250, rows: 50 };
    this.#child = spawn(
      'script',
      ['-q', '-e', '-c', `stty cols ${cols} rows ${rows}; exec ${argv.map(shellQuote).join(' ')}`, '/dev/null'],
      {
        cwd: opts.cwd,
        env: { TERM: 'xterm', COLUMNS: '200', LINES: '50', ...opts.env } as NodeJS.ProcessEnv,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.#child.stdout.on('data', (d: Buffer) => {
      this.#raw += d.toString();
    });
    this.#child.stderr.on('data', (d: Buffer) => {
      this.#raw += d.toString();
    });
    this.#exit = new Promise((resolve) => this.#child.on('exit', (code) => resolve(code ?? -1)));
  }

  /** How many bytes the terminal has shown so far, escape sequences included. */
  get rawLength(): number {
    return this.#raw.length;
  }

  /** Everything shown so far, escape sequences removed. */
  get screen(): string {
    return stripVTControlCharacters(this.#raw);
  }

  /** Waits until the text appears after the previous match, then moves past it. */
  async waitFor(pattern: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.screen.slice(this.#consumed);
      const m =
        typeof pattern === 'string'
          ? rest.includes(pattern)
            ? { index: rest.indexOf(pattern), length: pattern.length }
            : null
          : (() => {
              const r = pattern.exec(rest);
              return r ? { index: r.index, length: r[0].length } : null;
            })();
      if (m) {
        this.#consumed += m.index + m.length;
        return;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${String(pattern)}; screen tail:\n${rest.slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  type(text: string): void {
    this.#child.stdin.write(text);
  }

  /** Waits for the prompt, then types the answer and Enter. */
  async answer(prompt: string | RegExp, text: string): Promise<void> {
    await this.waitFor(prompt);
    this.type(`${text}${KEYS.enter}`);
  }

  async exited(timeoutMs = 30_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => {
      timer = setTimeout(() => {
        this.#child.kill('SIGKILL');
        reject(new Error(`no exit; screen tail:\n${this.screen.slice(-1500)}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.#exit, timeout]);
    } finally {
      clearTimeout(timer);
      this.#child.stdin.end();
    }
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }
}
