import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from "@dnd-kit/core";
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useActionData, useFetcher, useNavigate } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useI18n, useLocalized } from "~/components/i18n";
import { StageBadge } from "~/components/StageBadge";
import { moveStage } from "~/domain/admin/stage-form";
import type { MessageKey } from "~/i18n";
import type { action, loader } from "./route";

type Data = Awaited<ReturnType<typeof loader>>;
type Stage = Data["stages"][number];

function StageRow({
  stage,
  index,
  count,
  onMove,
}: {
  stage: Stage;
  index: number;
  count: number;
  onMove: (key: string, by: -1 | 1) => void;
}) {
  const { t, formatNumber } = useI18n();
  const localized = useLocalized();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: stage.key,
  });
  const name = localized(stage.labels, stage.key);
  return (
    <li
      ref={setNodeRef}
      data-stage-key={stage.key}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        listStyle: "none",
        opacity: isDragging ? 0.6 : 1,
        borderBlockEnd: "var(--p-border-width-025) solid var(--p-color-border-secondary)",
      }}
    >
      <Box padding="300">
        <InlineStack align="space-between" blockAlign="center" wrap={false} gap="300">
          <InlineStack gap="300" blockAlign="center" wrap={false}>
            <button
              type="button"
              {...attributes}
              {...listeners}
              aria-label={t("stages.dragHandle", { name })}
              style={{ cursor: "grab", background: "none", border: 0, padding: 4, fontSize: 16 }}
            >
              ⠿
            </button>
            <BlockStack gap="050">
              <InlineStack gap="200" blockAlign="center">
                <Link url={`/app/stages/${stage.key}`} removeUnderline>
                  <Text as="span" fontWeight="semibold">
                    {stage.internalName}
                  </Text>
                </Link>
                <StageBadge stage={stage} stageKey={stage.key} />
                {stage.isDefault ? null : <Badge tone="new">{t("stages.custom")}</Badge>}
                {stage.visibleToCustomer ? null : <Badge>{t("stages.hidden")}</Badge>}
                {stage.notifyCustomer ? <Badge tone="info">{t("stages.emails")}</Badge> : null}
              </InlineStack>
              <Text as="span" tone="subdued" variant="bodySm">
                {t("stages.orderCount", { count: formatNumber(stage.orderCount) })}
              </Text>
            </BlockStack>
          </InlineStack>
          <ButtonGroup variant="segmented">
            <Button
              size="slim"
              disabled={index === 0}
              accessibilityLabel={t("stages.moveUp", { name })}
              onClick={() => onMove(stage.key, -1)}
            >
              ↑
            </Button>
            <Button
              size="slim"
              disabled={index === count - 1}
              accessibilityLabel={t("stages.moveDown", { name })}
              onClick={() => onMove(stage.key, 1)}
            >
              ↓
            </Button>
          </ButtonGroup>
        </InlineStack>
      </Box>
    </li>
  );
}

export function StagesPage({ data }: { data: Data }) {
  const { t, tKey } = useI18n();
  const navigate = useNavigate();
  const fetcher = useFetcher<Awaited<ReturnType<typeof action>>>();
  const actionData = useActionData<typeof action>();
  const result = fetcher.data ?? actionData;
  const [order, setOrder] = useState(() => data.stages.map((s) => s.key));
  // The saved order wins whenever the server answers (after a refused move too).
  useEffect(() => setOrder(data.stages.map((s) => s.key)), [data.stages]);
  const byKey = new Map(data.stages.map((s) => [s.key, s]));
  const sensors = useSensors(
    useSensor(PointerSensor),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const localized = useLocalized();
  const nameOf = (id: unknown) => localized(byKey.get(String(id))?.labels, String(id));
  const announce =
    (key: MessageKey) =>
    ({ active, over }: { active: { id: unknown }; over?: { id: unknown } | null }) =>
      t(key, { name: nameOf(active.id), target: over ? nameOf(over.id) : "" });
  const accessibility = {
    screenReaderInstructions: { draggable: t("stages.drag.instructions") },
    announcements: {
      onDragStart: announce("stages.drag.start"),
      onDragOver: announce("stages.drag.over"),
      onDragEnd: announce("stages.drag.end"),
      onDragCancel: announce("stages.drag.cancel"),
    },
  };

  const save = (keys: string[]) => {
    setOrder(keys);
    fetcher.submit({ order: keys.join(",") }, { method: "post" });
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    save(arrayMove(order, order.indexOf(String(active.id)), order.indexOf(String(over.id))));
  };

  return (
    <Page
      title={t("stages.title")}
      primaryAction={{ content: t("stages.create"), onAction: () => navigate("/app/stages/new") }}
      secondaryActions={[{ content: t("rules.title"), onAction: () => navigate("/app/rules") }]}
    >
      <TitleBar title={t("stages.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            {result && !result.ok && result.error ? (
              <Banner tone="critical">
                <p>{tKey(result.error)}</p>
              </Banner>
            ) : null}
            <Text as="p" tone="subdued">
              {t("stages.intro")}
            </Text>
            <Card padding="0">
              <DndContext
                sensors={sensors}
                collisionDetection={closestCenter}
                onDragEnd={onDragEnd}
                accessibility={accessibility}
              >
                <SortableContext items={order} strategy={verticalListSortingStrategy}>
                  <ol style={{ margin: 0, padding: 0 }} aria-label={t("stages.title")}>
                    {order.map((key, index) =>
                      byKey.get(key) ? (
                        <StageRow
                          key={key}
                          stage={byKey.get(key)!}
                          index={index}
                          count={order.length}
                          onMove={(k, by) => save(moveStage(order, k, by))}
                        />
                      ) : null,
                    )}
                  </ol>
                </SortableContext>
              </DndContext>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
