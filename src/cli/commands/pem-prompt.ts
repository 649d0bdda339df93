/**
 * The key prompt of `init`: takes the path of the downloaded key file, or the PEM text pasted
 * into the terminal. @inquirer's input submits at the first newline of a paste (and dropped the
 * rest), so this reads whole lines itself: after a -----BEGIN line it reads on to the -----END line.
 * Nothing typed is echoed: a pasted private key must not end up in the terminal's scrollback.
 */
import { createInterface } from 'node:readline';
import { Writable, type Readable } from 'node:stream';
import { CancelledError } from '../cancel.js';

/** Asks until `validate` accepts; returns the path or the PEM text ('' for an empty answer). */
export async function askPem(
  io: { input: Readable; output: Writable },
  message: string,
  validate: (text: string) => string | true,
): Promise<string> {
  for (;;) {
    io.output.write(`? ${message}\n  (input hidden; paste the PEM, or type the path, then Enter) `);
    const text = await readAnswer(io);
    const verdict = validate(text);
    if (verdict === true) {
      io.output.write(
        text.includes('-----BEGIN')
          ? `\n  ✓ key pasted (${text.trim().split('\n').length} lines)\n`
          : text.trim()
            ? `\n  ✓ ${text.trim()}\n`
            : '\n',
      );
      return text;
    }
    io.output.write(`\n> ${verdict}\n`);
  }
}

function readAnswer(io: { input: Readable; output: Writable }): Promise<string> {
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: io.input, output: muted, terminal: true });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    // Settle first: closing emits 'close', which would otherwise reject an answer just read.
    const finish = (fn: () => void): void => {
      fn();
      rl.close();
    };
    rl.on('SIGINT', () => finish(() => reject(new CancelledError())));
    // Input closed (Ctrl-D): nothing more will come.
    rl.on('close', () => reject(new CancelledError()));
    rl.on('line', (line) => {
      lines.push(line);
      const all = lines.join('\n');
      const pem = all.includes('-----BEGIN');
      if (!pem || /-----END [^-]+-----/.test(all)) finish(() => resolve(pem ? `${all.trim()}\n` : line.trim()));
    });
  });
}
