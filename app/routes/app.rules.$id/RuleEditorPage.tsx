import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineGrid,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useMemo, useState } from "react";
import { useI18n } from "~/components/i18n";
import { StagePicker } from "~/components/StagePicker";
import {
  parseRuleForm,
  ruleFormData,
  ruleFormOf,
  type RuleFieldErrors,
  type RuleFormInput,
} from "~/domain/admin/rule-form";
import {
  CONDITION_FIELDS,
  CONDITION_OPERATORS,
  RULE_TRIGGERS,
  type RuleCondition,
} from "~/domain/automation/rules";
import type { MessageKey } from "~/i18n";
import type { action, loader } from "./route";

type Data = Awaited<ReturnType<typeof loader>>;
type ActionData = Awaited<ReturnType<typeof action>>;

export function RuleEditorPage({ data }: { data: Data }) {
  const { t, tKey } = useI18n();
  const submit = useSubmit();
  const navigation = useNavigation();
  const actionData = useActionData<ActionData>();
  const initial = useMemo(() => ruleFormOf(data.rule), [data]);
  const [form, setForm] = useState<RuleFormInput>(initial);
  const [clientErrors, setClientErrors] = useState<RuleFieldErrors>({});
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const busy = navigation.state !== "idle";
  const serverErrors: RuleFieldErrors = actionData && !actionData.ok ? actionData.errors : {};
  const errorOf = (field: string) => {
    const key = clientErrors[field] ?? serverErrors[field];
    return key ? tKey(key) : undefined;
  };
  const set =
    <K extends keyof RuleFormInput>(field: K) =>
    (value: RuleFormInput[K]) =>
      setForm((f) => ({ ...f, [field]: value }));
  const setCondition = (index: number, patch: Partial<RuleCondition>) =>
    set("conditions")(form.conditions.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  const save = () => {
    const parsed = parseRuleForm(
      ruleFormData(form),
      data.stages.map((s) => s.key),
    );
    setClientErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok) submit(ruleFormData(form), { method: "post" });
  };
  const title = data.rule ? data.rule.name : t("rules.newTitle");

  return (
    <Page title={title} backAction={{ content: t("rules.title"), url: "/app/rules" }}>
      <TitleBar title={title} />
      <SaveBar id="rule-save-bar" open={dirty}>
        <button variant="primary" onClick={save} disabled={busy}>
          {t("common.save")}
        </button>
        <button onClick={() => setForm(initial)}>{t("common.discard")}</button>
      </SaveBar>
      <Layout>
        {actionData?.ok ? (
          <Layout.Section>
            <Banner tone="success" title={t("rules.saved")} />
          </Layout.Section>
        ) : null}
        {Object.keys(serverErrors).length > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title={t("rules.notSaved")}>
              <ul>
                {[...new Set(Object.values(serverErrors))].map((key) => (
                  <li key={key}>{tKey(key)}</li>
                ))}
              </ul>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              save();
            }}
          >
            <BlockStack gap="400">
              <Card>
                <FormLayout>
                  <TextField
                    label={t("rules.name")}
                    name="name"
                    value={form.name}
                    onChange={set("name")}
                    error={errorOf("name")}
                    autoComplete="off"
                  />
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                    <Select
                      label={t("rules.trigger")}
                      name="trigger"
                      value={form.trigger}
                      onChange={(v) => set("trigger")(v as RuleFormInput["trigger"])}
                      error={errorOf("trigger")}
                      options={RULE_TRIGGERS.map((trigger) => ({
                        label: t(`rules.trigger.${trigger}` as MessageKey),
                        value: trigger,
                      }))}
                    />
                    {form.trigger === "entered_stage" ? (
                      <StagePicker
                        label={t("rules.triggerStage")}
                        name="triggerStageKey"
                        stages={data.stages}
                        value={form.triggerStageKey}
                        onChange={set("triggerStageKey")}
                        placeholder={t("setStage.choose")}
                        error={errorOf("triggerStageKey")}
                      />
                    ) : null}
                  </InlineGrid>
                </FormLayout>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("rules.conditions")}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("rules.conditionsHelp")}
                  </Text>
                  {form.conditions.map((condition, index) => (
                    <InlineGrid key={index} columns={{ xs: 1, md: 4 }} gap="300">
                      <Select
                        label={t("rules.conditionField")}
                        value={condition.field}
                        onChange={(v) =>
                          setCondition(index, { field: v as RuleCondition["field"] })
                        }
                        options={CONDITION_FIELDS.map((field) => ({
                          label: t(`rules.field.${field}` as MessageKey),
                          value: field,
                        }))}
                      />
                      <Select
                        label={t("rules.conditionOperator")}
                        value={condition.operator}
                        onChange={(v) =>
                          setCondition(index, { operator: v as RuleCondition["operator"] })
                        }
                        options={CONDITION_OPERATORS.map((operator) => ({
                          label: t(`rules.operator.${operator}` as MessageKey),
                          value: operator,
                        }))}
                      />
                      <TextField
                        label={t("rules.conditionValue")}
                        value={condition.value}
                        onChange={(value) => setCondition(index, { value })}
                        error={errorOf(`conditions.${index}.value`)}
                        autoComplete="off"
                      />
                      <div style={{ alignSelf: "end" }}>
                        <Button
                          onClick={() =>
                            set("conditions")(form.conditions.filter((_, i) => i !== index))
                          }
                        >
                          {t("rules.removeCondition")}
                        </Button>
                      </div>
                    </InlineGrid>
                  ))}
                  {errorOf("conditions") ? (
                    <Text as="p" tone="critical">
                      {errorOf("conditions")}
                    </Text>
                  ) : null}
                  <div>
                    <Button
                      onClick={() =>
                        set("conditions")([
                          ...form.conditions,
                          { field: "tag", operator: "equals", value: "" },
                        ])
                      }
                    >
                      {t("rules.addCondition")}
                    </Button>
                  </div>
                </BlockStack>
              </Card>
              <Card>
                <FormLayout>
                  <StagePicker
                    label={t("rules.setStage")}
                    name="setStageKey"
                    stages={data.stages}
                    value={form.setStageKey}
                    onChange={set("setStageKey")}
                    placeholder={t("setStage.choose")}
                    error={errorOf("setStageKey")}
                  />
                  <Checkbox
                    label={t("rules.notify")}
                    helpText={t("rules.notifyHelp")}
                    checked={form.notifyCustomer === "true"}
                    onChange={(v) => set("notifyCustomer")(v ? "true" : "false")}
                  />
                  <Checkbox
                    label={t("rules.enabledLabel")}
                    checked={form.enabled === "true"}
                    onChange={(v) => set("enabled")(v ? "true" : "false")}
                  />
                  <Button submit variant="primary" loading={busy} disabled={!dirty}>
                    {data.rule ? t("common.save") : t("rules.create")}
                  </Button>
                </FormLayout>
              </Card>
            </BlockStack>
          </form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
