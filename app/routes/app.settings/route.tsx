import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { adminLocale, translate } from "~/i18n";
import { authenticate, backgroundAdmin } from "~/shopify.server";
import { loadSettingsPage, resyncOrders, saveSettings } from "~/services/settings-admin.server";
import { SettingsPage } from "./SettingsPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.documentTitle ?? "Stageline" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const locale = adminLocale(new URL(request.url).searchParams.get("locale"));
  return {
    ...(await loadSettingsPage(session.shop)),
    documentTitle: `${translate(locale, "settings.title")} · Stageline`,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const { intent, ...fields } = Object.fromEntries(await request.formData());
  if (intent === "resync") {
    const result = await resyncOrders(session.shop, await backgroundAdmin(session.shop));
    return { intent: "resync" as const, ...result };
  }
  return { intent: "save" as const, ...(await saveSettings(session.shop, fields)) };
}

export default function Settings() {
  return <SettingsPage data={useLoaderData<typeof loader>()} />;
}
