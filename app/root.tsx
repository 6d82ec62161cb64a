import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { adminLocale } from "~/i18n";

// The document's language follows the admin user's `locale` (Shopify passes it on document loads).
export function loader({ request }: LoaderFunctionArgs) {
  return { lang: adminLocale(new URL(request.url).searchParams.get("locale")) };
}

export const shouldRevalidate: ShouldRevalidateFunction = () => false;

function Document({
  title,
  lang,
  children,
}: {
  title?: string;
  lang: string;
  children: ReactNode;
}) {
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const { lang } = useLoaderData<typeof loader>();
  return (
    <Document lang={lang}>
      <Outlet />
    </Document>
  );
}

// The server already logged the error (entry.server.tsx handleError): this only shows it, so a
// stray 404 is not logged a second time with a stack trace, as Remix's default boundary does.
export function ErrorBoundary() {
  const error = useRouteError();
  const lang = useRouteLoaderData<typeof loader>("root")?.lang ?? "en";
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? "Page not found" : "Something went wrong";
  return (
    <Document title={title} lang={lang}>
      <main>
        <h1>{title}</h1>
        <p>{status}</p>
      </main>
    </Document>
  );
}
