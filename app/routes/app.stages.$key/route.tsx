import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "~/shopify.server";
import { adminActor } from "~/services/admin-actor.server";
import { deleteStage, loadStageEditor, saveStage } from "~/services/stage-admin.server";
import { StageEditorPage } from "./StageEditorPage";

const notFound = () => new Response("Not found", { status: 404 });
/** "/app/stages/new" creates; any other key edits that stage. */
const editingKey = (key: string | undefined) => (key === "new" ? null : (key ?? ""));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const editor = await loadStageEditor(session.shop, editingKey(params.key));
  if (!editor) throw notFound();
  return editor;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const editing = editingKey(params.key);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "delete" && editing !== null) {
    const result = await deleteStage(shop, editing, {
      target: typeof form.target === "string" ? form.target : null,
      notify: form.notify === "true",
      actor: adminActor(context),
      now: new Date(),
    });
    if (!result) throw notFound();
    if (result.ok) throw redirect("/app/stages");
    return { intent: "delete" as const, ...result };
  }
  const result = await saveStage(shop, editing, form);
  if (!result) throw notFound();
  if (result.ok && editing === null) throw redirect(`/app/stages/${result.key}`);
  return { intent: "save" as const, ...result };
}

export default function StageEditor() {
  return <StageEditorPage data={useLoaderData<typeof loader>()} />;
}
