// Work that runs beside the web server (`npm start`) or alone (`npm run worker`): the email
// dispatcher and housekeeping. `EMAIL_DISPATCHER=off` turns it off for web-only instances.
import { env } from "~/env.server";
import { startEmailDispatcher } from "~/services/email-dispatcher.server";
import { pruneWebhookReceipts } from "~/services/webhook-receipts.server";

export interface BackgroundWork {
  stop(): Promise<void>;
}

const HOUR = 60 * 60 * 1000;

export function startBackgroundWork({ role }: { role: "web" | "worker" }): BackgroundWork {
  if (role === "web" && env().EMAIL_DISPATCHER === "off") return { stop: async () => {} };
  const dispatcher = startEmailDispatcher();
  const runPrune = () =>
    pruneWebhookReceipts(new Date()).catch((error: unknown) => {
      console.warn("stageline: pruning webhook receipts failed", error);
    });
  const timer = setInterval(runPrune, HOUR);
  timer.unref();
  void runPrune();
  return {
    async stop() {
      clearInterval(timer);
      await dispatcher.stop();
    },
  };
}
