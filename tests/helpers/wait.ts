// Tests wait for states, not for time: poll a condition with a bound.

/**
 * Polls until `check` returns a value (not undefined or false) and returns it; fails with `what`
 * after `timeoutMs`.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls until `condition` holds; fails after `timeoutMs`. */
export async function until(
  condition: () => Promise<boolean> | boolean,
  { timeoutMs = 20_000, what = "the condition" }: { timeoutMs?: number; what?: string } = {},
) {
  await waitFor(condition, what, timeoutMs);
}
