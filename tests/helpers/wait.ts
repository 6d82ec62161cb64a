/** Polls until `condition` holds; fails after `timeoutMs`. Tests wait for states, not for time. */
export async function until(
  condition: () => Promise<boolean> | boolean,
  { timeoutMs = 20_000, what = "the condition" }: { timeoutMs?: number; what?: string } = {},
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
