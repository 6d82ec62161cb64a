import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "~/shopify.server";
import { loadTimeRuleEditor, saveTimeRule } from "~/services/rule-admin.server";
import { TimeRuleEditorPage } from "./TimeRuleEditorPage";

const notFound = () => new Response("Not found", { status: 404 });
/** "/app/rules/time/new" creates; any other id edits that time rule. */
const editingId = (id: string | undefined) => (id === "new" ? null : (id ?? ""));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const editor = await loadTimeRuleEditor(session.shop, editingId(params.id));
  if (!editor) throw notFound();
  return editor;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const editing = editingId(params.id);
  const result = await saveTimeRule(
    session.shop,
    editing,
    Object.fromEntries(await request.formData()),
  );
  if (!result) throw notFound();
  if (result.ok && editing === null) throw redirect(`/app/rules/time/${result.id}`);
  return result;
}

export default function TimeRuleEditor() {
  return <TimeRuleEditorPage data={useLoaderData<typeof loader>()} />;
}
