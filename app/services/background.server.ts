// Work that runs beside the web server (`npm start`) or alone (`npm run worker`): the email
// dispatcher and housekeeping (services/housekeeping.server.ts). `EMAIL_DISPATCHER=off` turns it
// off for web-only instances.
import { env } from "~/env.server";
import { startEmailDispatcher } from "~/services/email-dispatcher.server";
import { runHousekeeping } from "~/services/housekeeping.server";

export interface BackgroundWork {
  stop(): Promise<void>;
}

const HOUR = 60 * 60 * 1000;

export function startBackgroundWork({ role }: { role: "web" | "worker" }): BackgroundWork {
  if (role === "web" && env().EMAIL_DISPATCHER === "off") return { stop: async () => {} };
  const dispatcher = startEmailDispatcher();
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
      await dispatcher.stop();
    },
  };
}
