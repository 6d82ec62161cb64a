import { useFetcher, useNavigate } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  EmptyState,
  InlineStack,
  Layout,
  Link,
  Page,
  ResourceItem,
  ResourceList,
  Text,
} from "@shopify/polaris";
import { useI18n, useLocalized } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import type { loader } from "./route";

type Data = Awaited<ReturnType<typeof loader>>;
type Rule = Data["rules"][number];
type TimeRule = Data["timeRules"][number];

export function RulesPage({ data }: { data: Data }) {
  const { t } = useI18n();
  const localized = useLocalized();
  const navigate = useNavigate();
  const fetcher = useFetcher();
  const stageName = (key: string | null | undefined) => {
    const stage = data.stages.find((s) => s.key === key);
    return stage ? localized(stage.labels, stage.key) : (key ?? "");
  };
  const when = (rule: Rule) =>
    rule.trigger === "entered_stage"
      ? t("rules.when.entered_stage", { stage: stageName(rule.triggerStageKey) })
      : t(`rules.when.${rule.trigger}` as MessageKey);

  return (
    <Page
      title={t("rules.title")}
      backAction={{ content: t("stages.title"), url: "/app/stages" }}
      primaryAction={{ content: t("rules.create"), onAction: () => navigate("/app/rules/new") }}
      secondaryActions={[
        { content: t("timeRules.create"), onAction: () => navigate("/app/rules/time/new") },
      ]}
    >
      <TitleBar title={t("rules.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            <Text as="p" tone="subdued">
              {t("rules.intro")}
            </Text>
            <Card padding="0">
              <ResourceList
                resourceName={{ singular: t("rules.rule"), plural: t("rules.title") }}
                items={data.rules}
                emptyState={
                  <EmptyState heading={t("rules.empty")} image="">
                    <p>{t("rules.emptyBody")}</p>
                  </EmptyState>
                }
                renderItem={(rule) => (
                  <ResourceItem id={rule.id} onClick={() => navigate(`/app/rules/${rule.id}`)}>
                    <InlineStack align="space-between" blockAlign="center" gap="300">
                      <BlockStack gap="100">
                        <InlineStack gap="200" blockAlign="center">
                          <Link url={`/app/rules/${rule.id}`} removeUnderline>
                            <Text as="span" variant="bodyMd" fontWeight="semibold">
                              {rule.name}
                            </Text>
                          </Link>
                          <Badge tone={rule.enabled ? "success" : undefined}>
                            {rule.enabled ? t("rules.enabled") : t("rules.disabled")}
                          </Badge>
                        </InlineStack>
                        <Text as="p" tone="subdued">
                          {t("rules.summary", {
                            when: when(rule),
                            count: String(rule.conditions.length),
                            stage: stageName(rule.setStageKey),
                          })}
                        </Text>
                      </BlockStack>
                      <InlineStack gap="200">
                        <Button
                          onClick={() =>
                            fetcher.submit(
                              { intent: rule.enabled ? "disable" : "enable", id: rule.id },
                              { method: "post" },
                            )
                          }
                        >
                          {rule.enabled ? t("rules.disable") : t("rules.enable")}
                        </Button>
                        <Button
                          tone="critical"
                          onClick={() =>
                            fetcher.submit({ intent: "delete", id: rule.id }, { method: "post" })
                          }
                        >
                          {t("rules.delete")}
                        </Button>
                      </InlineStack>
                    </InlineStack>
                  </ResourceItem>
                )}
              />
            </Card>
            <TimeRules
              rules={data.timeRules}
              stageName={stageName}
              onToggle={(rule) =>
                fetcher.submit(
                  { kind: "time", intent: rule.enabled ? "disable" : "enable", id: rule.id },
                  { method: "post" },
                )
              }
              onDelete={(rule) =>
                fetcher.submit({ kind: "time", intent: "delete", id: rule.id }, { method: "post" })
              }
            />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function TimeRules({
  rules,
  stageName,
  onToggle,
  onDelete,
}: {
  rules: readonly TimeRule[];
  stageName: (key: string | null | undefined) => string;
  onToggle: (rule: TimeRule) => void;
  onDelete: (rule: TimeRule) => void;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const then = (rule: TimeRule) =>
    [
      rule.setStageKey ? stageName(rule.setStageKey) : null,
      rule.alertMerchant ? t("timeRules.alertShort") : null,
    ]
      .filter(Boolean)
      .join(" + ");
  return (
    <Card padding="0">
      <BlockStack gap="200">
        <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t("timeRules.title")}
            </Text>
            <Text as="p" tone="subdued">
              {t("timeRules.intro")}
            </Text>
          </BlockStack>
        </div>
        <ResourceList
          resourceName={{ singular: t("timeRules.rule"), plural: t("timeRules.title") }}
          items={[...rules]}
          emptyState={
            <EmptyState heading={t("timeRules.empty")} image="">
              <p>{t("timeRules.emptyBody")}</p>
            </EmptyState>
          }
          renderItem={(rule) => (
            <ResourceItem id={rule.id} onClick={() => navigate(`/app/rules/time/${rule.id}`)}>
              <InlineStack align="space-between" blockAlign="center" gap="300">
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Link url={`/app/rules/time/${rule.id}`} removeUnderline>
                      <Text as="span" variant="bodyMd" fontWeight="semibold">
                        {rule.name}
                      </Text>
                    </Link>
                    <Badge tone={rule.enabled ? "success" : undefined}>
                      {rule.enabled ? t("rules.enabled") : t("rules.disabled")}
                    </Badge>
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    {t("timeRules.summary", {
                      days: String(rule.afterBusinessDays),
                      stage: stageName(rule.stageKey),
                      then: then(rule),
                    })}
                  </Text>
                </BlockStack>
                <InlineStack gap="200">
                  <Button onClick={() => onToggle(rule)}>
                    {rule.enabled ? t("rules.disable") : t("rules.enable")}
                  </Button>
                  <Button tone="critical" onClick={() => onDelete(rule)}>
                    {t("rules.delete")}
                  </Button>
                </InlineStack>
              </InlineStack>
            </ResourceItem>
          )}
        />
      </BlockStack>
    </Card>
  );
}
