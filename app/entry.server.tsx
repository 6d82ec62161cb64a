import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import {
  createReadableStreamFromReadable,
  type EntryContext,
  type HandleErrorFunction,
} from "@remix-run/node";
import { isbot } from "isbot";
import { quoted } from "./log.server";
import { addDocumentResponseHeaders } from "./shopify.server";
import { adaptPreviewDocumentHeaders } from "./services/admin-preview.server";

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  adaptPreviewDocumentHeaders(request, responseHeaders); // the demo's admin preview only
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} />,
      {
        [callbackName]: () => {
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error) {
          reject(error);
        },
        onError(error) {
          responseStatusCode = 500;
          console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

/** A request for a path no route serves is one line, not a stack trace. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status === 404) {
    const { pathname } = new URL(request.url);
    console.warn(`stageline: 404 ${request.method} ${quoted(pathname)}`);
    return;
  }
  console.error(error);
};

// Reached by scripts/start.mjs and scripts/worker.mjs through `build.entry.module`, so the
// process entry points share the bundled application code instead of compiling it twice.
export { startBackgroundWork } from "./services/background.server";
export { maxBodyBytesFor } from "./adapters/direct-request.server";

// What a process that loads the build calls besides requests (the integration tests drive the
// dispatcher and merchant changes this way): it must not import the source modules next to the
// build, which would open second connections and keep second caches.
export { DEFAULT_DISPATCH, dispatchDueEmails } from "./services/email-dispatcher.server";
export { createSmtpMailer } from "./services/mailer.server";
export {
  setOrderStageByRule,
  setOrderStages,
  StageChangeError,
} from "./services/stage-changes.server";
export { claimDueEmails, enqueueEmail, renewLease } from "./models/email-outbox.server";
export { listDataRequests } from "./services/compliance.server";
export { loadDashboard } from "./services/dashboard.server";
export { replayRejectedDeliveries } from "./services/rejected-deliveries.server";
export { runHousekeeping } from "./services/housekeeping.server";
export { DEFAULT_STAGES, defaultStage } from "./domain/stages";
export { LOOKUP_LIMITS } from "./domain/lookup-limits";
export { WEBHOOK_SUBSCRIPTIONS } from "./shopify/webhook-topics";
export { adminGraphql } from "./shopify/admin-graphql.server";
export { advanceBackfill, startBackfill } from "./services/backfill.server";
export { CORRECTED_FROM_SHOPIFY, reconcileShop } from "./services/reconciliation.server";
export { writeBackShop } from "./services/write-back.server";
export { runTimeRules } from "./services/time-rules.server";
export { sendDigests } from "./services/digest.server";
export { runAutomation } from "./services/automation.server";
