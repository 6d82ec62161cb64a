import { useActionData, useFetcher, useNavigate, useSearchParams } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  ChoiceList,
  Filters,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Pagination,
  Select,
  Text,
  useBreakpoints,
  useIndexResourceState,
} from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useI18n, useLocalized } from "~/components/i18n";
import { SetStageModal, type SetStageChoice } from "~/components/SetStageModal";
import { StageBadge } from "~/components/StageBadge";
import {
  FULFILLMENT_STATUSES,
  PAYMENT_STATUSES,
  RETURN_STATUSES,
} from "~/domain/admin/order-statuses";
import type { MessageKey } from "~/i18n";
import { isMessageKey } from "~/i18n";
import type { loader, action } from "./route";

type Data = Awaited<ReturnType<typeof loader>>;
type ActionData = Awaited<ReturnType<typeof action>>;

const FILTER_KEYS = ["stage", "payment", "fulfillment", "return", "stuck"] as const;

export function OrdersPage({ data }: { data: Data }) {
  const { t, formatDate, formatNumber, tKey } = useI18n();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const shopify = useAppBridge();
  const localized = useLocalized();
  const fetcher = useFetcher<ActionData>();
  const [modalOpen, setModalOpen] = useState(false);
  const [query, setQuery] = useState(params.get("q") ?? "");
  const stageOf = useMemo(() => new Map(data.stages.map((s) => [s.key, s])), [data.stages]);
  const orders = data.orders;
  // Phone widths (Shopify's mobile app): one stacked block per order instead of eight columns.
  const { smDown: condensed } = useBreakpoints();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(orders as unknown as { [key: string]: unknown }[]);

  const status = (group: string, value: string | null) => {
    if (!value) return "—";
    const key = `status.${group}.${value}`;
    return isMessageKey(key) ? t(key as MessageKey) : value;
  };

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(params);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      next.delete("after");
      setParams(next);
    },
    [params, setParams],
  );

  // Search as the merchant types, once they pause.
  useEffect(() => {
    if (query === (params.get("q") ?? "")) return;
    const timer = setTimeout(() => update({ q: query || null }), 300);
    return () => clearTimeout(timer);
  }, [query, params, update]);

  // A document POST (no JavaScript yet) answers with action data; the page's own requests
  // go through fetchers.
  const posted = useActionData<ActionData>();
  const setStageData = fetcher.data ?? posted;
  const result = setStageData?.intent === "setStage" ? setStageData : null;
  const undo = result?.ok ? result.undo : null;
  // One undo per change: a new change starts with a fresh undo.
  const undoFetcher = useFetcher<ActionData>({ key: `undo-${undo?.at ?? "none"}` });
  const undoData = undoFetcher.data ?? posted;
  const undone = undoData?.intent === "undo" ? undoData : null;

  const submitUndo = useCallback(() => {
    if (!undo) return;
    undoFetcher.submit({ intent: "undo", undo: JSON.stringify(undo) }, { method: "post" });
  }, [undo, undoFetcher]);

  useEffect(() => {
    if (fetcher.state !== "idle" || !result) return;
    setModalOpen(false);
    clearSelection();
    if (result.ok) {
      shopify.toast.show(t("orders.changed", { count: result.changed }), {
        duration: 10_000,
        ...(result.undo ? { action: t("common.undo"), onAction: submitUndo } : {}),
      });
    }
    // Only when a new result arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, result]);

  const choose = (choice: SetStageChoice) => {
    fetcher.submit(
      {
        intent: "setStage",
        orderIds: selectedResources.join(","),
        stageKey: choice.stageKey,
        notify: String(choice.notify),
        note: choice.note,
      },
      { method: "post" },
    );
  };

  const choices = (group: string, values: readonly string[]) =>
    values.map((value) => ({ label: status(group, value), value }));
  const filter = (key: string, label: string, options: { label: string; value: string }[]) => ({
    key,
    label,
    filter: (
      <ChoiceList
        title={label}
        titleHidden
        choices={options}
        selected={params.get(key) ? [params.get(key)!] : []}
        onChange={([value]) => update({ [key]: value ?? null })}
      />
    ),
    shortcut: true,
  });
  const filters = [
    filter(
      "stage",
      t("orders.filter.stage"),
      data.stages.map((s) => ({ label: localized(s.labels, s.key), value: s.key })),
    ),
    filter("payment", t("orders.filter.payment"), choices("payment", PAYMENT_STATUSES)),
    filter(
      "fulfillment",
      t("orders.filter.fulfillment"),
      choices("fulfillment", FULFILLMENT_STATUSES),
    ),
    filter("return", t("orders.filter.return"), choices("return", RETURN_STATUSES)),
    filter("stuck", t("orders.filter.stuck"), [
      { label: t("orders.filter.stuckOnly"), value: "1" },
    ]),
  ];
  const applied = FILTER_KEYS.filter((key) => params.get(key)).map((key) => {
    const value = params.get(key)!;
    const label =
      key === "stage"
        ? localized(stageOf.get(value)?.labels, value)
        : key === "stuck"
          ? t("orders.filter.stuckOnly")
          : status(key, value);
    return {
      key,
      label: `${filters.find((f) => f.key === key)!.label}: ${label}`,
      onRemove: () => update({ [key]: null }),
    };
  });

  const filtered = FILTER_KEYS.some((k) => params.get(k)) || !!params.get("q");
  const emptyState = (
    <Box padding="600">
      <BlockStack gap="200" inlineAlign="center">
        <Text as="h2" variant="headingMd">
          {filtered ? t("orders.noMatchTitle") : t("orders.emptyTitle")}
        </Text>
        <Text as="p" tone="subdued" alignment="center">
          {filtered ? t("orders.noMatchBody") : t("orders.emptyBody")}
        </Text>
      </BlockStack>
    </Box>
  );

  return (
    <Page title={t("orders.title")} fullWidth>
      <TitleBar title={t("orders.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            {result && !result.ok ? (
              <Banner tone="critical" title={t("orders.changeFailed")}>
                <p>{tKey(result.error)}</p>
              </Banner>
            ) : null}
            {result?.ok && !undone ? (
              <Banner
                tone={result.failed ? "warning" : "success"}
                title={t("orders.changed", { count: result.changed })}
                action={undo ? { content: t("common.undo"), onAction: submitUndo } : undefined}
              >
                <p data-testid="stage-change-result">
                  {t("orders.changeResult", {
                    changed: result.changed,
                    unchanged: result.unchanged,
                    failed: result.failed + result.notFound,
                  })}
                </p>
              </Banner>
            ) : null}
            {undone?.ok ? (
              <Banner tone="info" title={t("orders.undone", { count: undone.reverted })}>
                <p>{t("orders.undoneEmails", { count: undone.emailsCancelled })}</p>
              </Banner>
            ) : null}
            <Card padding="0">
              <Filters
                queryValue={query}
                queryPlaceholder={t("orders.search")}
                onQueryChange={setQuery}
                onQueryClear={() => {
                  setQuery("");
                  update({ q: null });
                }}
                filters={filters}
                appliedFilters={applied}
                onClearAll={() => {
                  setQuery("");
                  setParams(new URLSearchParams());
                }}
              >
                <Box paddingInlineStart="200" minWidth="200px">
                  <Select
                    label={t("orders.sort")}
                    labelInline
                    value={params.get("sort") ?? "newest"}
                    onChange={(value) => update({ sort: value === "newest" ? null : value })}
                    options={[
                      { label: t("orders.sort.newest"), value: "newest" },
                      { label: t("orders.sort.oldest"), value: "oldest" },
                      { label: t("orders.sort.longest"), value: "longest_in_stage" },
                    ]}
                  />
                </Box>
              </Filters>
              <IndexTable
                condensed={condensed}
                resourceName={{ singular: t("orders.order"), plural: t("orders.orders") }}
                itemCount={orders.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                promotedBulkActions={[
                  { content: t("orders.setStage"), onAction: () => setModalOpen(true) },
                ]}
                emptyState={emptyState}
                headings={[
                  { title: t("orders.col.order") },
                  { title: t("orders.col.date") },
                  { title: t("orders.col.customer") },
                  { title: t("orders.col.stage") },
                  { title: t("orders.col.payment") },
                  { title: t("orders.col.fulfillment") },
                  { title: t("orders.col.return") },
                  { title: t("orders.col.days"), alignment: "end" },
                ]}
              >
                {orders.map((order, index) => (
                  <IndexTable.Row
                    id={order.id}
                    key={order.id}
                    position={index}
                    selected={selectedResources.includes(order.id)}
                  >
                    {condensed ? (
                      <Box paddingBlock="200" paddingInlineEnd="300">
                        <BlockStack gap="100">
                          <InlineStack align="space-between" blockAlign="center" gap="200">
                            <Link url={`/app/orders/${order.id}`} removeUnderline dataPrimaryLink>
                              <Text as="span" fontWeight="semibold">
                                {order.name}
                              </Text>
                            </Link>
                            <Text as="span" tone="subdued">
                              {order.placedAt ? formatDate(order.placedAt, data.timeZone) : "—"}
                            </Text>
                          </InlineStack>
                          <InlineStack gap="100" wrap>
                            <StageBadge
                              stage={stageOf.get(order.stageKey)}
                              stageKey={order.stageKey}
                            />
                            {order.stuck ? <Badge tone="warning">{t("orders.stuck")}</Badge> : null}
                          </InlineStack>
                          <Text as="span" tone="subdued">
                            {[
                              order.customer ?? order.email,
                              status("payment", order.payment),
                              status("fulfillment", order.fulfillment),
                            ]
                              .filter((part) => part && part !== "—")
                              .join(" · ")}
                          </Text>
                        </BlockStack>
                      </Box>
                    ) : (
                      <>
                        <IndexTable.Cell>
                          <Link url={`/app/orders/${order.id}`} removeUnderline dataPrimaryLink>
                            <Text as="span" fontWeight="semibold">
                              {order.name}
                            </Text>
                          </Link>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          {order.placedAt ? formatDate(order.placedAt, data.timeZone) : "—"}
                        </IndexTable.Cell>
                        <IndexTable.Cell>{order.customer ?? order.email ?? "—"}</IndexTable.Cell>
                        <IndexTable.Cell>
                          <InlineStack gap="100" wrap={false}>
                            <StageBadge
                              stage={stageOf.get(order.stageKey)}
                              stageKey={order.stageKey}
                            />
                            {order.stuck ? <Badge tone="warning">{t("orders.stuck")}</Badge> : null}
                          </InlineStack>
                        </IndexTable.Cell>
                        <IndexTable.Cell>{status("payment", order.payment)}</IndexTable.Cell>
                        <IndexTable.Cell>
                          {status("fulfillment", order.fulfillment)}
                        </IndexTable.Cell>
                        <IndexTable.Cell>{status("return", order.returnStatus)}</IndexTable.Cell>
                        <IndexTable.Cell>
                          <Text as="span" alignment="end" numeric>
                            {formatNumber(order.daysInStage)}
                          </Text>
                        </IndexTable.Cell>
                      </>
                    )}
                  </IndexTable.Row>
                ))}
              </IndexTable>
              <Box padding="300">
                <InlineStack align="center">
                  <Pagination
                    hasPrevious={params.has("after")}
                    onPrevious={() => navigate(-1)}
                    hasNext={!!data.nextCursor}
                    onNext={() => {
                      const next = new URLSearchParams(params);
                      next.set("after", data.nextCursor!);
                      setParams(next);
                    }}
                  />
                </InlineStack>
              </Box>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <SetStageModal
        id="orders-set-stage"
        open={modalOpen}
        count={allResourcesSelected ? orders.length : selectedResources.length}
        stages={data.stages}
        busy={fetcher.state !== "idle"}
        onSubmit={choose}
        onClose={() => setModalOpen(false)}
      />
    </Page>
  );
}
