import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "~/shopify.server";
import { adminActor } from "~/services/admin-actor.server";
import {
  changeOrderStages,
  loadOrderDetail,
  orderGidOf,
  orderIdOf,
  resendLastStageEmail,
} from "~/services/order-admin.server";
import { OrderDetailPage } from "./OrderDetailPage";

const notFound = () => new Response("Not found", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const orderGid = orderGidOf(params.id);
  const detail = orderGid ? await loadOrderDetail(session.shop, orderGid) : null;
  if (!detail) throw notFound();
  return detail;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const orderGid = orderGidOf(params.id);
  if (!orderGid) throw notFound();
  const form = await request.formData();
  if (form.get("intent") === "resend") {
    const sent = await resendLastStageEmail(shop, orderGid);
    if (sent === null) throw notFound();
    return { intent: "resend" as const, ok: sent };
  }
  const result = await changeOrderStages(
    shop,
    {
      orderIds: [orderIdOf(orderGid)],
      stageKey: String(form.get("stageKey") ?? ""),
      notify: form.get("notify") === "true",
      note: String(form.get("note") ?? "") || null,
    },
    adminActor(context),
    new Date(),
  );
  if (result.ok && result.notFound > 0) throw notFound();
  return { intent: "setStage" as const, ...result };
}

export default function OrderDetail() {
  return <OrderDetailPage data={useLoaderData<typeof loader>()} />;
}
