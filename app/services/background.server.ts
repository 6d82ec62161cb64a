// Periodic work that runs beside the web server (`npm start`) or alone (`npm run worker`).
import { env } from "~/env.server";
import { pruneWebhookReceipts } from "~/services/webhook-receipts.server";

export interface BackgroundWork {
  stop(): Promise<void>;
}

const HOUR = 60 * 60 * 1000;

/** Starts housekeeping timers; `role: "web"` with EMAIL_DISPATCHER=off runs none. */
export function startBackgroundWork({ role }: { role: "web" | "worker" }): BackgroundWork {
  if (role === "web" && env().EMAIL_DISPATCHER === "off") return { stop: async () => {} };
  const timers: NodeJS.Timeout[] = [];
  const runPrune = () =>
    pruneWebhookReceipts(new Date()).catch((error: unknown) => {
      console.warn("stageline: pruning webhook receipts failed", error);
    });
  timers.push(setInterval(runPrune, HOUR));
  void runPrune();
  for (const timer of timers) timer.unref();
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
