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
    // The merchant waits for the answer: a few quick retries, not background work's patience.
    const admin = await backgroundAdmin(session.shop, { maxAttempts: 3 });
    const result = await resyncOrders(session.shop, admin);
    return { intent: "resync" as const, ...result };
  }
  return { intent: "save" as const, ...(await saveSettings(session.shop, fields)) };
}

export default function Settings() {
  return <SettingsPage data={useLoaderData<typeof loader>()} />;
}
