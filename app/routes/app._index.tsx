import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Card,
  DataTable,
  Layout,
  Link,
  List,
  Page,
  Text,
} from "@shopify/polaris";
import { useI18n } from "~/components/i18n";
import { StageBadge } from "~/components/StageBadge";
import { authenticate } from "~/shopify.server";
import { loadDashboard } from "~/services/dashboard.server";
import { BackfillBanner } from "~/components/BackfillBanner";
import { activeBackfill } from "~/services/settings-admin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const [dashboard, backfill] = await Promise.all([
    loadDashboard(session.shop),
    activeBackfill(session.shop),
  ]);
  return { ...dashboard, backfill };
}

export default function Dashboard() {
  const { stages, totalOrders, hasCustomStages, unreadable, backfill } =
    useLoaderData<typeof loader>();
  const { t, formatNumber } = useI18n();
  return (
    <Page title={t("dashboard.title")}>
      <TitleBar title={t("dashboard.title")} />
      <Layout>
        <BackfillBanner run={backfill} />
        {unreadable.count > 0 ? (
          <Layout.Section>
            <Banner tone="warning" title={t("dashboard.unreadableTitle")}>
              <BlockStack gap="200">
                <Text as="p">
                  {t("dashboard.unreadable", { count: formatNumber(unreadable.count) })}
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
        {totalOrders === 0 || !hasCustomStages ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("dashboard.startTitle")}
                </Text>
                <List type="number">
                  {totalOrders === 0 ? <List.Item>{t("dashboard.startOrders")}</List.Item> : null}
                  <List.Item>{t("dashboard.startBlock")}</List.Item>
                  {hasCustomStages ? null : (
                    <List.Item>
                      <Link url="/app/stages/new">{t("dashboard.startStage")}</Link>
                    </List.Item>
                  )}
                </List>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("dashboard.perStage")}
              </Text>
              <Text as="p" tone="subdued">
                {t("dashboard.tracked", { count: formatNumber(totalOrders) })}
              </Text>
              <DataTable
                columnContentTypes={["text", "numeric"]}
                headings={[t("orders.col.stage"), t("orders.orders")]}
                rows={stages.map((stage) => [
                  <StageBadge key={stage.key} stage={stage} stageKey={stage.key} />,
                  <Link
                    key={stage.key}
                    url={`/app/orders?stage=${encodeURIComponent(stage.key)}`}
                    accessibilityLabel={t("dashboard.showOrders", { stage: stage.internalName })}
                  >
                    {formatNumber(stage.orderCount)}
                  </Link>,
                ])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
