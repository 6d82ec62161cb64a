// Tests wait for states, not for time: poll a condition with a bound.

/**
 * Polls until `check` returns a value (not undefined, null or false) and returns it; fails with `what`
 * after `timeoutMs`.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    // null counts as "not yet" too: `row?.column && …` is null while the column is.
    if (value !== undefined && value !== null && value !== false) return value;
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
