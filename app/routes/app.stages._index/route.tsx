import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "~/shopify.server";
import { loadStagesPage, saveStageOrder } from "~/services/stage-admin.server";
import { StagesPage } from "./StagesPage";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  return loadStagesPage(session.shop);
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const keys = String(form.get("order") ?? "").split(",");
  const error = await saveStageOrder(session.shop, keys);
  return { ok: error === null, error };
}

export default function Stages() {
  return <StagesPage data={useLoaderData<typeof loader>()} />;
}
