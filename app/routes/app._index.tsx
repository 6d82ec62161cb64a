import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { loadDashboard } from "~/services/dashboard.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  return loadDashboard(session.shop);
}

export default function Dashboard() {
  const { stages, totalOrders } = useLoaderData<typeof loader>();
  return (
    <Page title="Dashboard">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Orders per stage
              </Text>
              <Text as="p" tone="subdued">
                {totalOrders} orders tracked. Stages follow Shopify's payment, fulfillment, shipment
                and return updates as they arrive.
              </Text>
              <DataTable
                columnContentTypes={["text", "numeric"]}
                headings={["Stage", "Orders"]}
                rows={stages.map((stage) => [
                  <Badge key={stage.key} tone={stage.tone}>
                    {stage.label}
                  </Badge>,
                  stage.orderCount,
                ])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
