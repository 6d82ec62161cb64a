import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "~/shopify.server";
import {
  deleteRule,
  deleteTimeRuleOf,
  enableRule,
  enableTimeRule,
  loadRulesPage,
} from "~/services/rule-admin.server";
import { RulesPage } from "./RulesPage";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  return loadRulesPage(session.shop);
}

/**
 * intent "enable" / "disable" / "delete" of the rule `id` (kind "time": a time rule); 404 when
 * the shop has no such rule.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const id = String(form.get("id") ?? "");
  const intent = form.get("intent");
  const time = form.get("kind") === "time";
  const done =
    intent === "delete"
      ? await (time ? deleteTimeRuleOf : deleteRule)(session.shop, id)
      : intent === "enable" || intent === "disable"
        ? await (time ? enableTimeRule : enableRule)(session.shop, id, intent === "enable")
        : null;
  if (done === null) throw new Response("Bad request", { status: 400 });
  if (!done) throw new Response("Not found", { status: 404 });
  return { ok: true };
}

export default function Rules() {
  return <RulesPage data={useLoaderData<typeof loader>()} />;
}
