// Customers' data requests (customers/data_request): the report Stageline assembled, kept 30 days
// for the merchant to hand over, downloadable as JSON.
import {
  BlockStack,
  Button,
  Card,
  EmptyState,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useI18n } from "~/components/i18n";

export interface DataRequestView {
  id: number;
  customerGid: string | null;
  receivedAt: string;
  expiresAt: string;
  report: unknown;
}

function ordersIn(report: unknown): number {
  const orders = (report as { orders?: unknown[] } | null)?.orders;
  return Array.isArray(orders) ? orders.length : 0;
}

function download(request: DataRequestView) {
  const blob = new Blob([JSON.stringify(request.report, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `data-request-${request.id}.json`;
  link.click();
  URL.revokeObjectURL(url);
}

export function DataRequestsPage({ requests }: { requests: DataRequestView[] }) {
  const { t, formatDate, formatNumber } = useI18n();
  return (
    <Page title={t("dataRequests.title")} backAction={{ url: "/app" }}>
      <TitleBar title={t("dataRequests.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              {t("dataRequests.intro")}
            </Text>
            {requests.length === 0 ? (
              <Card>
                <EmptyState heading={t("dataRequests.emptyTitle")} image="">
                  <p>{t("dataRequests.emptyBody")}</p>
                </EmptyState>
              </Card>
            ) : (
              requests.map((request) => (
                <Card key={request.id}>
                  <InlineStack align="space-between" blockAlign="center" gap="400">
                    <BlockStack gap="100">
                      <Text as="h2" variant="headingSm">
                        {request.customerGid
                          ? `${t("dataRequests.customer")} ${request.customerGid.split("/").pop()}`
                          : t("dataRequests.unknownCustomer")}
                      </Text>
                      <Text as="p" tone="subdued">
                        {t("dataRequests.received", {
                          date: formatDate(request.receivedAt, "UTC"),
                        })}
                        {" · "}
                        {t("dataRequests.orders", {
                          count: formatNumber(ordersIn(request.report)),
                        })}
                        {" · "}
                        {t("dataRequests.expires", { date: formatDate(request.expiresAt, "UTC") })}
                      </Text>
                    </BlockStack>
                    <Button onClick={() => download(request)}>{t("dataRequests.download")}</Button>
                  </InlineStack>
                </Card>
              ))
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
