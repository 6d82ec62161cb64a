import type { ActionFunctionArgs } from "@remix-run/node";
import {
  journeyInput,
  JourneyError,
  simulateJourneyEvent,
} from "~/services/journey-simulator.server";
import { previewAllowed } from "~/services/storefront-preview.server";

// Demo/test only: the journey simulator (see journey-simulator.server.ts).
export function loader() {
  return new Response("Not found", { status: 404 });
}

export async function action({ request }: ActionFunctionArgs) {
  if (!previewAllowed(request)) return new Response("Not found", { status: 404 });
  const input = journeyInput.safeParse(Object.fromEntries(await request.formData()));
  if (!input.success) {
    return Response.json(
      { error: "order and event (one of the listed events) are required" },
      { status: 400 },
    );
  }
  try {
    return Response.json(
      await simulateJourneyEvent(new URL(request.url).origin, input.data, new Date()),
    );
  } catch (error) {
    if (error instanceof JourneyError)
      return Response.json({ error: error.message }, { status: 404 });
    throw error;
  }
}
