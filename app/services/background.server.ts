// Work that runs beside the web server (`npm start`) or alone (`npm run worker`): the email
// dispatcher, housekeeping (services/housekeeping.server.ts), backfill runs
// (services/sync-jobs.server.ts) and the automation minute (time rules, then daily digests:
// services/automation.server.ts). `EMAIL_DISPATCHER=off` turns it off for web-only instances.
import { env } from "~/env.server";
import { startEmailDispatcher } from "~/services/email-dispatcher.server";
import { startAutomation } from "~/services/automation.server";
import { runHousekeeping } from "~/services/housekeeping.server";
import { startSyncWork } from "~/services/sync-jobs.server";
import { backgroundAdmin } from "~/shopify.server";

export interface BackgroundWork {
  stop(): Promise<void>;
}

const HOUR = 60 * 60 * 1000;

export function startBackgroundWork({ role }: { role: "web" | "worker" }): BackgroundWork {
  if (role === "web" && env().EMAIL_DISPATCHER === "off") return { stop: async () => {} };
  const dispatcher = startEmailDispatcher();
  const sync = startSyncWork(backgroundAdmin);
  const automation = startAutomation();
  const housekeeping = () =>
    runHousekeeping(new Date()).catch((error: unknown) => {
      console.warn("stageline: housekeeping failed; trying again in an hour", error);
    });
  const timer = setInterval(housekeeping, HOUR);
  timer.unref();
  void housekeeping();
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all([dispatcher.stop(), sync.stop(), automation.stop()]);
    },
  };
}
