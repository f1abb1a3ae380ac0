/**
 * Retries `probe` until it returns a value `accept` approves, or fails with the last value seen.
 * For asserting on asynchronous outcomes without timing assumptions in the assertion itself.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  options: {
    timeoutMs?: number;
    intervalMs?: number;
    /** What is awaited, for the error; a function is asked when the wait fails (e.g. a log so far). */
    what?: string | (() => string);
  } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
  throw new Error(
    `${(typeof options.what === 'function' ? options.what() : options.what) ?? 'condition'} not reached; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`,
  );
}

/**
 * Waits until `condition` holds, checking every `intervalMs`; the test's own timeout bounds the
 * wait. For in-process state a test watches (counters, lists), where `eventually`'s probe and
 * report are more than it needs.
 */
export async function until(condition: () => boolean, intervalMs = 5): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, intervalMs));
}

/**
 * True once a message has left our hands: `sent`, or already `delivered` when the provider's
 * status callback landed between two polls.
 */
export function hasBeenSent(message: { status: string }): boolean {
  return message.status === 'sent' || message.status === 'delivered';
}
