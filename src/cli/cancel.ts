/** Ctrl-C at a prompt: a cancel the user chose, not an error (main.ts prints one line and exits 130). */

/** Thrown by minilvb's own terminal readers; @inquirer/prompts throws its ExitPromptError. */
export class CancelledError extends Error {
  /** Said after "cancelled" on the same line, e.g. where the answers so far were kept. */
  readonly note: string | undefined;

  constructor(note?: string) {
    super(note ? `cancelled: ${note}` : 'cancelled');
    this.name = 'CancelledError';
    this.note = note;
  }
}

export function isCancel(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'CancelledError' || err.name === 'ExitPromptError' || err.name === 'AbortPromptError')
  );
}

/** The one line printed for a cancel. */
export function cancelLine(err: unknown): string {
  return err instanceof CancelledError && err.note ? `cancelled; ${err.note}` : 'cancelled';
}
