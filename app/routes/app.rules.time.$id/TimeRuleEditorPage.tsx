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
  TextField,
} from "@shopify/polaris";
import { useMemo, useState } from "react";
import { useI18n, useLocalized } from "~/components/i18n";
import { StagePicker } from "~/components/StagePicker";
import {
  parseTimeRuleForm,
  timeRuleFormOf,
  type TimeRuleFieldErrors,
  type TimeRuleFormInput,
} from "~/domain/admin/time-rule-form";
import type { action, loader } from "./route";

type Data = Awaited<ReturnType<typeof loader>>;
type ActionData = Awaited<ReturnType<typeof action>>;

export function TimeRuleEditorPage({ data }: { data: Data }) {
  const { t, tKey } = useI18n();
  const localized = useLocalized();
  const submit = useSubmit();
  const navigation = useNavigation();
  const actionData = useActionData<ActionData>();
  const initial = useMemo(() => timeRuleFormOf(data.rule), [data]);
  const [form, setForm] = useState<TimeRuleFormInput>(initial);
  const [clientErrors, setClientErrors] = useState<TimeRuleFieldErrors>({});
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const busy = navigation.state !== "idle";
  const serverErrors: TimeRuleFieldErrors = actionData && !actionData.ok ? actionData.errors : {};
  const errorOf = (field: string) => {
    const key = clientErrors[field] ?? serverErrors[field];
    return key ? tKey(key) : undefined;
  };
  const set =
    <K extends keyof TimeRuleFormInput>(field: K) =>
    (value: TimeRuleFormInput[K]) =>
      setForm((f) => ({ ...f, [field]: value }));

  const save = () => {
    const parsed = parseTimeRuleForm(
      form as unknown as Record<string, unknown>,
      data.stages.map((s) => s.key),
    );
    setClientErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok) submit({ ...form }, { method: "post" });
  };
  const title = data.rule ? data.rule.name : t("timeRules.newTitle");

  return (
    <Page title={title} backAction={{ content: t("rules.title"), url: "/app/rules" }}>
      <TitleBar title={title} />
      <SaveBar id="time-rule-save-bar" open={dirty}>
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
                    <StagePicker
                      label={t("timeRules.stage")}
                      name="stageKey"
                      stages={data.stages}
                      value={form.stageKey}
                      onChange={set("stageKey")}
                      placeholder={t("setStage.choose")}
                      error={errorOf("stageKey")}
                    />
                    <TextField
                      label={t("timeRules.days")}
                      name="afterBusinessDays"
                      type="number"
                      min={1}
                      max={365}
                      value={form.afterBusinessDays}
                      onChange={set("afterBusinessDays")}
                      error={errorOf("afterBusinessDays")}
                      helpText={t("timeRules.daysHelp")}
                      autoComplete="off"
                    />
                  </InlineGrid>
                </FormLayout>
              </Card>
              <Card>
                <FormLayout>
                  <Select
                    label={t("timeRules.setStage")}
                    name="setStageKey"
                    value={form.setStageKey}
                    onChange={set("setStageKey")}
                    error={errorOf("setStageKey")}
                    options={[
                      { label: t("timeRules.noStage"), value: "" },
                      ...data.stages.map((s) => ({
                        label: localized(s.labels, s.key),
                        value: s.key,
                      })),
                    ]}
                  />
                  <Checkbox
                    label={t("rules.notify")}
                    helpText={t("rules.notifyHelp")}
                    disabled={!form.setStageKey}
                    checked={form.notifyCustomer === "true" && form.setStageKey !== ""}
                    onChange={(v) => set("notifyCustomer")(v ? "true" : "false")}
                  />
                  <Checkbox
                    label={t("timeRules.alert")}
                    helpText={t("timeRules.alertHelp")}
                    checked={form.alertMerchant === "true"}
                    onChange={(v) => set("alertMerchant")(v ? "true" : "false")}
                  />
                  <Checkbox
                    label={t("rules.enabledLabel")}
                    checked={form.enabled === "true"}
                    onChange={(v) => set("enabled")(v ? "true" : "false")}
                  />
                  <Button submit variant="primary" loading={busy} disabled={!dirty}>
                    {data.rule ? t("common.save") : t("timeRules.create")}
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
