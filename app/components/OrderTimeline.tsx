// An order's unified timeline (SPEC §7): stage changes, carrier events, Shopify facts, emails.
import { Badge, BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import type { AdminTimelineItem } from "~/domain/admin/order-timeline";
import type { MessageKey } from "~/i18n";
import { isMessageKey } from "~/i18n";
import { useI18n, useLocalized } from "./i18n";

type Tone = React.ComponentProps<typeof Badge>["tone"];

const SOURCE_TONE: Record<string, Tone> = {
  shopify: "info",
  carrier: "success",
  merchant: "attention",
  rule: "magic",
  backfill: undefined,
  app: "new",
};

export function OrderTimeline({
  items,
  stages,
  timeZone,
}: {
  items: readonly AdminTimelineItem[];
  stages: readonly { key: string; labels: Record<string, string> }[];
  timeZone: string;
}) {
  const { t, formatDateTime } = useI18n();
  const localized = useLocalized();
  const label = (key: string | null | undefined) =>
    key ? localized(stages.find((s) => s.key === key)?.labels, key) : "";
  const known = (key: string) => (isMessageKey(key) ? t(key as MessageKey) : null);
  const describe = (item: AdminTimelineItem) => {
    switch (item.kind) {
      case "stage":
        return item.fromKey
          ? t("timeline.stageChanged", { from: label(item.fromKey), to: label(item.toKey) })
          : t("timeline.stageEntered", { to: label(item.toKey) });
      case "email":
        return t("timeline.email", {
          stage: label(item.toKey),
          status: known(`email.status.${item.status}`) ?? item.status ?? "",
        });
      case "carrier":
        return t("timeline.carrier", {
          status: known(`shipment.${item.status}`) ?? item.status ?? "",
        });
      default:
        return known(`timeline.fact.${item.status}`) ?? item.status ?? "";
    }
  };
  if (items.length === 0) return <Text as="p">{t("timeline.empty")}</Text>;
  return (
    <ol style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label={t("timeline.title")}>
      {items.map((item) => (
        <li key={item.id} data-timeline-item={item.kind}>
          <Box paddingBlockEnd="300">
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="center">
                <Badge tone={SOURCE_TONE[item.source]}>
                  {known(`source.${item.source}`) ?? item.source}
                </Badge>
                <Text as="span" fontWeight="semibold">
                  {describe(item)}
                </Text>
              </InlineStack>
              <Text as="p" tone="subdued" variant="bodySm">
                {formatDateTime(item.at, timeZone)}
                {item.actor ? ` · ${item.actor}` : ""}
                {item.kind === "stage"
                  ? ` · ${item.customerNotified ? t("timeline.notified") : t("timeline.notNotified")}`
                  : ""}
              </Text>
              {item.note || item.detail ? (
                <Text as="p" variant="bodySm">
                  {item.note ?? item.detail}
                </Text>
              ) : null}
            </BlockStack>
          </Box>
        </li>
      ))}
    </ol>
  );
}
