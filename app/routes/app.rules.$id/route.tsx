import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "~/shopify.server";
import { loadRuleEditor, saveRule } from "~/services/rule-admin.server";
import { RuleEditorPage } from "./RuleEditorPage";

const notFound = () => new Response("Not found", { status: 404 });
/** "/app/rules/new" creates; any other id edits that rule. */
const editingId = (id: string | undefined) => (id === "new" ? null : (id ?? ""));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const editor = await loadRuleEditor(session.shop, editingId(params.id));
  if (!editor) throw notFound();
  return editor;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const editing = editingId(params.id);
  const result = await saveRule(
    session.shop,
    editing,
    Object.fromEntries(await request.formData()),
  );
  if (!result) throw notFound();
  if (result.ok && editing === null) throw redirect(`/app/rules/${result.id}`);
  return result;
}

export default function RuleEditor() {
  return <RuleEditorPage data={useLoaderData<typeof loader>()} />;
}
