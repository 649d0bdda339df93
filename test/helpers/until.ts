import assert from 'node:assert/strict';

/** Polls `check` every `intervalMs` until it holds; fails naming `what` after `ms`. An error `check` throws ends it. */
export async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  ms = 30_000,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  assert.fail(`${what} within ${ms} ms`);
}
