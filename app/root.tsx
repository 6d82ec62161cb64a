import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { adminLocale } from "~/i18n";

// The document's language follows the admin user's `locale` (Shopify passes it on document loads).
export function loader({ request }: LoaderFunctionArgs) {
  return { lang: adminLocale(new URL(request.url).searchParams.get("locale")) };
}

export const shouldRevalidate: ShouldRevalidateFunction = () => false;

export default function App() {
  const { lang } = useLoaderData<typeof loader>();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
