import { useFetcher } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useI18n, useLocalized } from "~/components/i18n";
import { OrderTimeline } from "~/components/OrderTimeline";
import { SetStageModal, type SetStageChoice } from "~/components/SetStageModal";
import { StageBadge } from "~/components/StageBadge";
import { isMessageKey, type MessageKey } from "~/i18n";
import type { action, loader } from "./route";

type Data = Awaited<ReturnType<typeof loader>>;
type ActionData = Awaited<ReturnType<typeof action>>;

export function OrderDetailPage({ data }: { data: Data }) {
  const { t, tKey, formatDateTime, formatDate } = useI18n();
  const localized = useLocalized();
  const shopify = useAppBridge();
  const fetcher = useFetcher<ActionData>();
  const [modalOpen, setModalOpen] = useState(false);
  const { order } = data;
  const stage = data.stages.find((s) => s.key === order.stageKey);
  const known = (key: string) => (isMessageKey(key) ? t(key as MessageKey) : null);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    setModalOpen(false);
    if (fetcher.data.intent === "resend") {
      shopify.toast.show(fetcher.data.ok ? t("detail.resent") : t("detail.nothingToResend"));
    } else if (fetcher.data.ok) {
      shopify.toast.show(t("orders.changed", { count: fetcher.data.changed }));
    }
    // Only when a new result arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  const choose = (choice: SetStageChoice) =>
    fetcher.submit(
      {
        intent: "setStage",
        stageKey: choice.stageKey,
        notify: String(choice.notify),
        note: choice.note,
      },
      { method: "post" },
    );

  return (
    <Page
      title={order.name}
      subtitle={order.placedAt ? formatDateTime(order.placedAt, data.timeZone) : undefined}
      backAction={{ content: t("nav.orders"), url: "/app/orders" }}
      primaryAction={{ content: t("detail.changeStage"), onAction: () => setModalOpen(true) }}
      secondaryActions={[
        {
          content: t("detail.resend"),
          disabled: !data.canResend || fetcher.state !== "idle",
          onAction: () => fetcher.submit({ intent: "resend" }, { method: "post" }),
        },
      ]}
    >
      <TitleBar title={order.name} />
      <Layout>
        {fetcher.data?.intent === "setStage" && !fetcher.data.ok ? (
          <Layout.Section>
            <Banner tone="critical" title={t("orders.changeFailed")}>
              <p>{tKey(fetcher.data.error)}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("detail.stage")}
                </Text>
                <InlineStack gap="200" blockAlign="center">
                  <StageBadge stage={stage} stageKey={order.stageKey} />
                  <Text as="span" tone="subdued">
                    {t("detail.since", {
                      date: formatDateTime(order.stageEnteredAt, data.timeZone),
                    })}
                  </Text>
                </InlineStack>
                <Text as="p">{localized(stage?.descriptions)}</Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("timeline.title")}
                </Text>
                <OrderTimeline
                  items={data.timeline}
                  stages={data.stages}
                  timeZone={data.timeZone}
                />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("detail.customer")}
                </Text>
                {/* App Bridge opens shopify: links in Shopify admin itself. */}
                <a href={`shopify:admin/orders/${order.id}`} target="_top">
                  {t("detail.openInShopify")}
                </a>
                <Text as="p">{order.customer ?? "—"}</Text>
                <Text as="p" tone="subdued">
                  {order.email ?? "—"}
                </Text>
                <Text as="p">
                  {t("orders.col.payment")}:{" "}
                  {known(`status.payment.${order.payment}`) ?? order.payment ?? "—"}
                </Text>
                <Text as="p">
                  {t("orders.col.fulfillment")}:{" "}
                  {known(`status.fulfillment.${order.fulfillment}`) ?? order.fulfillment}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("detail.shipments")}
                </Text>
                {data.shipments.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("detail.noShipments")}
                  </Text>
                ) : (
                  data.shipments.map((s, i) => (
                    <BlockStack key={`${s.fulfillmentGid}-${i}`} gap="050">
                      <Text as="p" fontWeight="semibold">
                        {s.trackingCompany ?? t("detail.carrierUnknown")}
                      </Text>
                      {s.trackingNumber ? (
                        s.trackingUrl ? (
                          <Link url={s.trackingUrl} target="_blank">
                            {s.trackingNumber}
                          </Link>
                        ) : (
                          <Text as="p">{s.trackingNumber}</Text>
                        )
                      ) : null}
                      <Text as="p" tone="subdued">
                        {known(`shipment.${s.status}`) ?? s.status ?? "—"}
                        {s.estimatedDeliveryAt
                          ? ` · ${t("detail.eta", { date: formatDate(s.estimatedDeliveryAt, data.timeZone) })}`
                          : ""}
                      </Text>
                    </BlockStack>
                  ))
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <SetStageModal
        id="order-set-stage"
        open={modalOpen}
        count={1}
        stages={data.stages}
        initialStage={order.stageKey}
        busy={fetcher.state !== "idle"}
        onSubmit={choose}
        onClose={() => setModalOpen(false)}
      />
    </Page>
  );
}
