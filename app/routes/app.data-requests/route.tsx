import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "~/shopify.server";
import { listDataRequests } from "~/services/compliance.server";
import { DataRequestsPage } from "./DataRequestsPage";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  return { requests: await listDataRequests(session.shop) };
}

export default function DataRequests() {
  return <DataRequestsPage requests={useLoaderData<typeof loader>().requests} />;
}
