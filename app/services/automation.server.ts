// The scheduled automation of the background work: every minute, time rules fire for the orders
// due (services/time-rules.server.ts), then shops whose local day has no digest yet get one
// (services/digest.server.ts). Both are safe on several workers at once and catch up after a
// missed run; one pass at a time per process.
import { sendDigests } from "./digest.server";
import { runTimeRules } from "./time-rules.server";

export const AUTOMATION_INTERVAL_MS = 60_000;

/** One pass at `now`: time rules first, so their alerts are in the digest that follows. */
export async function runAutomation(now: Date) {
  const timeRules = await runTimeRules(now);
  const digests = await sendDigests(now);
  return { timeRules, digests };
}

export function startAutomation(intervalMs = AUTOMATION_INTERVAL_MS) {
  let running: Promise<void> | null = null;
  let stopped = false;
  const pass = () => {
    if (running || stopped) return;
    running = runAutomation(new Date())
      .then(() => undefined)
      .catch((error: unknown) => {
        console.warn("stageline: automation pass failed; trying again in a minute", error);
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  pass();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
