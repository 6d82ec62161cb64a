// The Dashboard's widgets (SPEC §7). Charts are plain HTML and SVG in Polaris' colours: every
// figure is also text (links, table cells or the chart's label), so they read without the picture.
import { BlockStack, Box, Card, DataTable, InlineStack, Link, Text } from "@shopify/polaris";
import { durationParts } from "~/domain/admin/dashboard";
import { useI18n, useLocalized } from "./i18n";
import { StageBadge, type BadgeStage } from "./StageBadge";

const LIST = {
  listStyle: "none",
  margin: 0,
  padding: 0,
  display: "grid",
  gap: "var(--p-space-200)",
} as const;
const ROW = {
  display: "grid",
  gridTemplateColumns: "minmax(8rem, 14rem) 1fr 4rem",
  alignItems: "center",
  gap: "var(--p-space-300)",
} as const;
const TRACK = {
  display: "block",
  height: "var(--p-space-400)",
  background: "var(--p-color-bg-fill-secondary)",
  borderRadius: "var(--p-border-radius-100)",
  overflow: "hidden",
} as const;
const BAR = {
  display: "block",
  height: "100%",
  minWidth: "2px",
  background: "var(--p-color-bg-fill-brand)",
} as const;
const VALUE = { textAlign: "end", fontVariantNumeric: "tabular-nums" } as const;
const SWATCH = {
  display: "inline-block",
  width: "var(--p-space-300)",
  height: "var(--p-space-300)",
  borderRadius: "var(--p-border-radius-050)",
} as const;

interface ChartStage extends BadgeStage {
  internalName: string;
  orderCount: number;
}

/** Orders per stage: one row per stage, a bar as long as its share, each a link to its orders. */
export function OrdersPerStageChart({ stages }: { stages: ChartStage[] }) {
  const { t, formatNumber } = useI18n();
  const localized = useLocalized();
  const max = Math.max(1, ...stages.map((s) => s.orderCount));
  return (
    <ul style={LIST} aria-label={t("dashboard.perStage")}>
      {stages.map((stage) => {
        const label = localized(stage.labels, stage.key);
        return (
          <li key={stage.key} style={ROW}>
            <Link url={`/app/orders?stage=${encodeURIComponent(stage.key)}`} removeUnderline>
              {label}
            </Link>
            <span style={TRACK} aria-hidden="true">
              {stage.orderCount > 0 ? (
                <span style={{ ...BAR, width: `${(stage.orderCount / max) * 100}%` }} />
              ) : null}
            </span>
            <span style={VALUE}>{formatNumber(stage.orderCount)}</span>
          </li>
        );
      })}
    </ul>
  );
}

export interface StuckOrder {
  id: string;
  name: string;
  stageKey: string;
  daysInStage: number;
}

export function StuckOrdersCard({
  count,
  orders,
  stages,
}: {
  count: number;
  orders: StuckOrder[];
  stages: BadgeStage[];
}) {
  const { t, formatNumber } = useI18n();
  const byKey = new Map(stages.map((s) => [s.key, s]));
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("dash.stuckTitle")}
          </Text>
          {count > 0 ? <Link url="/app/orders?stuck=1">{t("dash.stuckAll")}</Link> : null}
        </InlineStack>
        <Text as="p" tone={count > 0 ? undefined : "subdued"}>
          {count > 0 ? t("dash.stuckCount", { count: formatNumber(count) }) : t("dash.stuckNone")}
        </Text>
        {orders.length > 0 ? (
          <DataTable
            columnContentTypes={["text", "text", "numeric"]}
            headings={[t("dash.colOrder"), t("orders.col.stage"), t("dash.colDays")]}
            rows={orders.map((order) => [
              <Link key={order.id} url={`/app/orders/${order.id}`}>
                {order.name}
              </Link>,
              <StageBadge
                key={order.id}
                stage={byKey.get(order.stageKey)}
                stageKey={order.stageKey}
              />,
              formatNumber(order.daysInStage),
            ])}
          />
        ) : null}
      </BlockStack>
    </Card>
  );
}

export interface StageTime {
  key: string;
  stays: number;
  medianSeconds: number;
  p90Seconds: number;
}

export function TimeInStageCard({ rows, stages }: { rows: StageTime[]; stages: BadgeStage[] }) {
  const { t, formatNumber } = useI18n();
  const byKey = new Map(stages.map((s) => [s.key, s]));
  const duration = (seconds: number) => {
    const { unit, value } = durationParts(seconds);
    return t(`dash.${unit}`, { count: formatNumber(value) });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("dash.timeTitle")}
        </Text>
        <Text as="p" tone="subdued">
          {t("dash.timeHelp")}
        </Text>
        {rows.length > 0 ? (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric"]}
            headings={[
              t("orders.col.stage"),
              t("dash.colMedian"),
              t("dash.colP90"),
              t("dash.colStays"),
            ]}
            rows={rows.map((row) => [
              <StageBadge key={row.key} stage={byKey.get(row.key)} stageKey={row.key} />,
              duration(row.medianSeconds),
              duration(row.p90Seconds),
              formatNumber(row.stays),
            ])}
          />
        ) : (
          <Text as="p">{t("dash.timeNone")}</Text>
        )}
      </BlockStack>
    </Card>
  );
}

export interface LookupDay {
  day: string;
  found: number;
  notFound: number;
  limited: number;
}

const SERIES = [
  { key: "found", color: "var(--p-color-bg-fill-success)" },
  { key: "notFound", color: "var(--p-color-bg-fill-warning)" },
  { key: "limited", color: "var(--p-color-bg-fill-critical)" },
] as const;

const seriesLabel = {
  found: "dash.lookupFound",
  notFound: "dash.lookupNotFound",
  limited: "dash.lookupLimited",
} as const;

/** Lookups per day as stacked SVG bars, with the same figures as a table for screen readers. */
export function LookupsCard({ days }: { days: LookupDay[] }) {
  const { t, formatNumber, formatDate } = useI18n();
  const totals = { found: 0, notFound: 0, limited: 0 };
  for (const d of days) for (const s of SERIES) totals[s.key] += d[s.key];
  const max = Math.max(1, ...days.map((d) => d.found + d.notFound + d.limited));
  const width = 28 * days.length;
  const height = 120;
  const dayLabel = (day: string) => formatDate(`${day}T12:00:00.000Z`, "UTC");
  const summary = t("dash.lookupSummary", {
    found: formatNumber(totals.found),
    notFound: formatNumber(totals.notFound),
    limited: formatNumber(totals.limited),
  });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("dash.lookupTitle")}
        </Text>
        <Text as="p">{summary}</Text>
        <svg
          role="img"
          aria-label={`${t("dash.lookupTitle")}: ${summary}`}
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          height={height}
          preserveAspectRatio="none"
        >
          {days.map((d, i) => {
            let y = height;
            return (
              <g key={d.day}>
                {SERIES.map((s) => {
                  const h = (d[s.key] / max) * (height - 4);
                  y -= h;
                  return h > 0 ? (
                    <rect key={s.key} x={i * 28 + 4} y={y} width={20} height={h} fill={s.color} />
                  ) : null;
                })}
              </g>
            );
          })}
        </svg>
        <InlineStack gap="400">
          {SERIES.map((s) => (
            <InlineStack key={s.key} gap="100" blockAlign="center">
              <span style={{ ...SWATCH, background: s.color }} aria-hidden="true" />
              <Text as="span" variant="bodySm">
                {t(seriesLabel[s.key])}
              </Text>
            </InlineStack>
          ))}
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("dash.lookupHelp", {
            from: dayLabel(days[0]?.day ?? ""),
            to: dayLabel(days.at(-1)?.day ?? ""),
          })}
        </Text>
        <Box visuallyHidden>
          <table>
            <caption>{t("dash.lookupTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dash.colDay")}</th>
                {SERIES.map((s) => (
                  <th key={s.key} scope="col">
                    {t(seriesLabel[s.key])}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{dayLabel(d.day)}</th>
                  {SERIES.map((s) => (
                    <td key={s.key}>{formatNumber(d[s.key])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Box>
      </BlockStack>
    </Card>
  );
}

export function EmailsCard({ sent, failed }: { sent: number; failed: number }) {
  const { t, formatNumber } = useI18n();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("dash.emailsTitle")}
          </Text>
          <Link url="/app/emails">{t("dash.emailsLog")}</Link>
        </InlineStack>
        <InlineStack gap="800">
          <BlockStack gap="100">
            <Text as="p" variant="headingLg">
              {formatNumber(sent)}
            </Text>
            <Text as="p" tone="subdued">
              {t("dash.emailsSent")}
            </Text>
          </BlockStack>
          <BlockStack gap="100">
            <Text as="p" variant="headingLg" tone={failed > 0 ? "critical" : undefined}>
              {formatNumber(failed)}
            </Text>
            <Text as="p" tone="subdued">
              {t("dash.emailsFailed")}
            </Text>
          </BlockStack>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
