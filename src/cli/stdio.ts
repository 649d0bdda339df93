/**
 * Standard output and error for the CLI without constructing process.stdout/stderr up front: for
 * a pipe or a file (what scripts and tests use) Node's stream costs ~2.5 ms of a ~30 ms start, and
 * on Linux it writes synchronously to the descriptor anyway, which is what this does too. Terminals,
 * sockets and anything unusual get the real stream, created on first use.
 */
import { fstatSync, writeSync } from 'node:fs';

/** The part of a writable stream the CLI uses. */
export interface StdWriter {
  write(chunk: string): boolean;
  readonly isTTY?: boolean;
}

export function stdWriter(fd: 1 | 2): StdWriter {
  const stream = (): NodeJS.WriteStream => (fd === 1 ? process.stdout : process.stderr);
  // Terminals (spinners, colours, prompts) need the real stream; its start-up cost does not matter there.
  if (!isPipeOrFile(fd)) return stream();
  let fallback = false;
  return {
    isTTY: false,
    write(chunk) {
      if (fallback) return stream().write(chunk);
      const bytes = Buffer.from(chunk);
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          // `minilvb … | head` closed the pipe: the reader has what it wanted.
          if (code === 'EPIPE') process.exit(0);
          // A non-blocking descriptor that is full: let Node's stream queue the rest.
          if (code !== 'EAGAIN') throw err;
          fallback = true;
          return stream().write(bytes.subarray(offset));
        }
      }
      return true;
    },
  };
}

function isPipeOrFile(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isFile();
  } catch {
    return false;
  }
}
