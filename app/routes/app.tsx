import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Link,
  Outlet,
  useLoaderData,
  useRouteError,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { I18nProvider, useI18n } from "~/components/i18n";
import { authenticate } from "~/shopify.server";
import { adminLanguage } from "~/services/admin-locale.server";
import { appBridgeUrlFor } from "~/services/admin-preview.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.admin(request);
  return {
    apiKey: process.env.SHOPIFY_API_KEY || "",
    appBridgeUrl: appBridgeUrlFor(request), // the demo's admin preview only
    ...adminLanguage(request),
  };
}

// Shopify passes the admin user's `locale` on the document load only: keep what it said while
// the merchant moves between pages.
export const shouldRevalidate: ShouldRevalidateFunction = () => false;

function Navigation() {
  const { t } = useI18n();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.dashboard")}
      </Link>
      <Link to="/app/orders">{t("nav.orders")}</Link>
      <Link to="/app/stages">{t("nav.stages")}</Link>
      <Link to="/app/emails">{t("nav.emails")}</Link>
      <Link to="/app/settings">{t("nav.settings")}</Link>
    </NavMenu>
  );
}

export default function App() {
  const { apiKey, appBridgeUrl, locale, polarisTranslations } = useLoaderData<typeof loader>();
  return (
    <AppProvider
      isEmbeddedApp
      apiKey={apiKey}
      i18n={polarisTranslations}
      __APP_BRIDGE_URL={appBridgeUrl}
    >
      <I18nProvider locale={locale}>
        <Navigation />
        <Outlet />
      </I18nProvider>
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so their headers reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
