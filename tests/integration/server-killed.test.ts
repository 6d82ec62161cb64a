// `kill -9` of the production server in the middle of a stream of signed deliveries (SPEC §3:
// a 2xx means stored). Every delivery that got a 2xx must be in the database (receipt and facts);
// the others, retried by the sender against the restarted server as Shopify retries them, must
// end in the stage in-order delivery reaches.
import { afterEach, describe, expect, it } from "vitest";
import { testEnv } from "../helpers/constants";
import { deliverOverHttp } from "../helpers/deliver";
import {
  expectEndCorrect,
  expectStored,
  inOrderStages,
  interleave,
  isStored,
  retryUntilStored,
  scenarios,
  sendStream,
  type StreamItem,
} from "../helpers/delivery-stream";
import { startServer, type RunningServer } from "../helpers/server-process";

const running: RunningServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) await server.stop();
  }
});

async function productionServer() {
  const server = await startServer({
    ...testEnv(process.env.DATABASE_URL!),
    NODE_ENV: "production",
    EMAIL_DISPATCHER: "off",
  });
  running.push(server);
  return server;
}

function killHard(server: RunningServer) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill("SIGKILL");
}

describe("the production server killed mid-stream", () => {
  it("keeps every acknowledged delivery; retries of the rest end in the in-order stage", async () => {
    const list = await scenarios("killed", 2);
    const stream = interleave(list);
    const first = await productionServer();
    const send = (server: RunningServer) => (item: StreamItem) =>
      deliverOverHttp(server.url, item.shop, item.delivery, { eventId: item.eventId });

    // Killed once a third of the stream was answered, with requests still in flight.
    const killAfter = Math.floor(stream.length / 3);
    let answered = 0;
    const exited = new Promise((resolve) => first.child.once("exit", resolve));
    const outcomes = await sendStream(stream, send(first), {
      concurrency: 6,
      onAnswer: (outcome) => {
        if (isStored(outcome) && ++answered === killAfter) killHard(first);
      },
    });
    await exited;
    expect(first.child.signalCode).toBe("SIGKILL");

    const stored = outcomes.filter(isStored);
    const failed = outcomes.filter((o) => !isStored(o));
    expect(stored.length).toBeGreaterThanOrEqual(killAfter);
    expect(failed.length).toBeGreaterThan(0);
    // Nothing but a lost connection: the server never answered a delivery with an error.
    expect(failed.every((o) => o.status === "error")).toBe(true);
    await expectStored(outcomes);

    // Shopify retries what got no 2xx; the restarted server takes them, in stream order.
    const second = await productionServer();
    const order = new Map(stream.map((item, i) => [item, i]));
    await retryUntilStored(
      failed.map((o) => o.item).sort((a, b) => order.get(a)! - order.get(b)!),
      send(second),
    );
    const expected = await inOrderStages("killed", async (shop, deliveries) => {
      for (const delivery of deliveries) {
        const response = await deliverOverHttp(second.url, shop, delivery);
        expect(response.status).toBe(200);
      }
    });
    await expectEndCorrect(list, expected);
  }, 60_000);
});
