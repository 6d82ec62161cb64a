import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "~/shopify.server";
import { adminActor } from "~/services/admin-actor.server";
import {
  changeOrderStages,
  loadOrdersPage,
  orderIdsOf,
  undoOrderStages,
} from "~/services/order-admin.server";
import { OrdersPage } from "./OrdersPage";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  return loadOrdersPage(session.shop, new URL(request.url).searchParams, new Date());
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticate.admin(request);
  const form = await request.formData();
  const actor = adminActor(context);
  if (form.get("intent") === "undo") {
    const undo = safeJson(String(form.get("undo") ?? ""));
    return {
      intent: "undo" as const,
      ...(await undoOrderStages(context.session.shop, undo, actor, new Date())),
    };
  }
  const input = {
    orderIds: orderIdsOf(form.getAll("orderIds")),
    stageKey: String(form.get("stageKey") ?? ""),
    notify: form.get("notify") === "true",
    note: String(form.get("note") ?? "") || null,
  };
  return {
    intent: "setStage" as const,
    ...(await changeOrderStages(context.session.shop, input, actor, new Date())),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export default function Orders() {
  return <OrdersPage data={useLoaderData<typeof loader>()} />;
}
