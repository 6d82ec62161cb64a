import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, DataTable, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { loadDashboard } from "~/services/dashboard.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  return loadDashboard(session.shop);
}

export default function Dashboard() {
  const { stages, totalOrders, unreadable } = useLoaderData<typeof loader>();
  return (
    <Page title="Dashboard">
      <Layout>
        {unreadable.count > 0 ? (
          <Layout.Section>
            <Banner tone="warning" title="Deliveries Stageline could not read">
              <BlockStack gap="200">
                <Text as="p">
                  {unreadable.count} authentic Shopify updates could not be read. They are kept for
                  7 days and are applied once Stageline can read them.
                </Text>
                {unreadable.latest.map((delivery) => (
                  <Text as="p" key={`${delivery.topic}-${delivery.receivedAt}`} tone="subdued">
                    {delivery.topic} ({delivery.receivedAt}): {delivery.error}
                  </Text>
                ))}
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
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
