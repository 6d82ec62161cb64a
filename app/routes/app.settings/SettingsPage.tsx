import { useActionData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  ProgressBar,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { useI18n } from "~/components/i18n";
import {
  parseSettingsForm,
  RETENTION_CHOICES,
  toggleWorkingDay,
  WEEKDAYS,
  type SettingsFieldErrors,
  type SettingsFormInput,
} from "~/domain/admin/settings-form";
import type { MessageKey } from "~/i18n";
import type { SyncRunView } from "~/services/settings-admin.server";
import type { action, loader } from "./route";

type Data = Awaited<ReturnType<typeof loader>>;
type ActionData = Awaited<ReturnType<typeof action>>;

/** How often the page reloads its runs while a backfill is under way. */
const POLL_MS = 2000;
/** A backfill's phases on the progress bar (Shopify does not say how many orders there are). */
const PHASE_PROGRESS: Record<string, number> = {
  starting: 5,
  running: 30,
  applying: 65,
  finished: 100,
  failed: 100,
};

function BackfillProgress({ run, zone }: { run: SyncRunView; zone: string }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between">
        <Text as="p" fontWeight="semibold">
          {t(`settings.sync.status.${run.status}` as MessageKey)}
        </Text>
        <Text as="p" tone="subdued">
          {t("settings.sync.started", { at: formatDateTime(run.startedAt, zone) })}
          {run.finishedAt
            ? ` · ${t("settings.sync.finished", { at: formatDateTime(run.finishedAt, zone) })}`
            : ""}
        </Text>
      </InlineStack>
      <ProgressBar
        progress={PHASE_PROGRESS[run.status] ?? 0}
        tone={run.status === "failed" ? "critical" : run.active ? "highlight" : "success"}
        ariaLabelledBy="backfill-progress-label"
      />
      <Text as="p" id="backfill-progress-label">
        {t("settings.sync.counts", {
          read: formatNumber(run.ordersRead),
          applied: formatNumber(run.ordersApplied),
          errors: formatNumber(run.errors),
        })}
      </Text>
      {run.lastError ? (
        <Text as="p" tone="critical">
          {run.lastError}
        </Text>
      ) : null}
    </BlockStack>
  );
}

export function SettingsPage({ data }: { data: Data }) {
  const { t, tKey, formatNumber, formatDateTime } = useI18n();
  const submit = useSubmit();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const actionData = useActionData<ActionData>();
  // Polling reloads the page's data: the form restarts only when the stored values changed.
  const storedKey = JSON.stringify(data.form);
  const initial = useMemo(() => JSON.parse(storedKey) as SettingsFormInput, [storedKey]);
  const [form, setForm] = useState<SettingsFormInput>(initial);
  const [clientErrors, setClientErrors] = useState<SettingsFieldErrors>({});
  // A save reloads the stored values: the form starts from them again.
  useEffect(() => setForm(initial), [initial]);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const busy = navigation.state !== "idle";
  const saved = actionData?.intent === "save" ? actionData : null;
  const resync = actionData?.intent === "resync" ? actionData : null;
  const serverErrors: SettingsFieldErrors = saved && !saved.ok ? saved.errors : {};
  const errorOf = (field: keyof SettingsFormInput) => {
    const key = clientErrors[field] ?? serverErrors[field];
    return key ? tKey(key) : undefined;
  };
  const set =
    <K extends keyof SettingsFormInput>(field: K) =>
    (value: SettingsFormInput[K]) =>
      setForm((f) => ({ ...f, [field]: value }));

  const active = Boolean(data.backfill?.active);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, revalidator]);

  const save = () => {
    const parsed = parseSettingsForm({ ...form });
    setClientErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok) submit({ intent: "save", ...form }, { method: "post" });
  };
  // Times in the shop's own calendar zone (the same on the server and in the browser).
  const zone = data.form.timeZone || data.defaults.timeZone;
  const title = t("settings.title");

  return (
    <Page title={title}>
      <TitleBar title={title} />
      <SaveBar id="settings-save-bar" open={dirty}>
        <button variant="primary" onClick={save} disabled={busy}>
          {t("common.save")}
        </button>
        <button onClick={() => setForm(initial)}>{t("common.discard")}</button>
      </SaveBar>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <Layout>
          {saved?.ok && !dirty ? (
            <Layout.Section>
              <Banner tone="success" title={t("settings.saved")} />
            </Layout.Section>
          ) : null}
          {Object.keys(serverErrors).length > 0 ? (
            <Layout.Section>
              <Banner tone="critical" title={t("settings.notSaved")}>
                <ul>
                  {[...new Set(Object.values(serverErrors))].map((key) => (
                    <li key={key}>{tKey(key)}</li>
                  ))}
                </ul>
              </Banner>
            </Layout.Section>
          ) : null}

          <Layout.AnnotatedSection
            title={t("settings.emails.title")}
            description={t("settings.emails.help")}
          >
            <Card>
              <FormLayout>
                <TextField
                  label={t("settings.senderName")}
                  name="senderName"
                  value={form.senderName}
                  placeholder={data.defaults.senderName}
                  helpText={t("settings.senderNameHelp", { name: data.defaults.senderName })}
                  onChange={set("senderName")}
                  error={errorOf("senderName")}
                  autoComplete="off"
                />
                <TextField
                  label={t("settings.replyTo")}
                  name="replyTo"
                  type="email"
                  value={form.replyTo}
                  placeholder={data.defaults.replyTo}
                  helpText={
                    data.defaults.replyTo
                      ? t("settings.replyToHelp", { email: data.defaults.replyTo })
                      : t("settings.replyToHelpNone")
                  }
                  onChange={set("replyTo")}
                  error={errorOf("replyTo")}
                  autoComplete="email"
                />
                <TextField
                  label={t("settings.coalesce")}
                  name="coalesceSeconds"
                  type="number"
                  min={0}
                  max={3600}
                  value={form.coalesceSeconds}
                  placeholder={String(data.defaults.coalesceSeconds)}
                  helpText={t("settings.coalesceHelp", {
                    seconds: formatNumber(data.defaults.coalesceSeconds),
                  })}
                  onChange={set("coalesceSeconds")}
                  error={errorOf("coalesceSeconds")}
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title={t("settings.calendar.title")}
            description={t("settings.calendar.help")}
          >
            <Card>
              <FormLayout>
                <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
                  <legend>
                    <Text as="span" variant="bodyMd">
                      {t("settings.workingDays")}
                    </Text>
                  </legend>
                  <InlineStack gap="400">
                    {WEEKDAYS.map((day) => (
                      <Checkbox
                        key={day}
                        label={t(`settings.day.${day}` as MessageKey)}
                        checked={form.workingDays.split(",").includes(String(day))}
                        onChange={(on) =>
                          set("workingDays")(toggleWorkingDay(form.workingDays, day, on))
                        }
                      />
                    ))}
                  </InlineStack>
                  {errorOf("workingDays") ? (
                    <Text as="p" tone="critical">
                      {errorOf("workingDays")}
                    </Text>
                  ) : null}
                </fieldset>
                <Select
                  label={t("settings.timeZone")}
                  name="timeZone"
                  value={form.timeZone || data.defaults.timeZone}
                  // The shop's own zone is the default: kept as "not set".
                  onChange={(zone) => set("timeZone")(zone === data.defaults.timeZone ? "" : zone)}
                  error={errorOf("timeZone")}
                  helpText={t("settings.timeZoneHelp", { zone: data.defaults.timeZone })}
                  options={data.timeZones}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title={t("settings.digest.title")}
            description={t("settings.digest.help")}
          >
            <Card>
              <FormLayout>
                <Checkbox
                  label={t("settings.digestEnabled")}
                  checked={form.digestEnabled === "true"}
                  onChange={(on) => set("digestEnabled")(on ? "true" : "false")}
                />
                <TextField
                  label={t("settings.digestRecipient")}
                  name="digestRecipient"
                  type="email"
                  value={form.digestRecipient}
                  placeholder={data.defaults.digestRecipient}
                  helpText={
                    data.defaults.digestRecipient
                      ? t("settings.digestRecipientHelp", { email: data.defaults.digestRecipient })
                      : undefined
                  }
                  onChange={set("digestRecipient")}
                  error={errorOf("digestRecipient")}
                  autoComplete="email"
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title={t("settings.block.title")}
            description={t("settings.block.help")}
          >
            <Card>
              <BlockStack gap="300">
                <List type="number">
                  <List.Item>{t("settings.block.step1")}</List.Item>
                  <List.Item>{t("settings.block.step2")}</List.Item>
                  <List.Item>{t("settings.block.step3")}</List.Item>
                </List>
                {data.themeEditorUrl ? (
                  <InlineStack>
                    <Button url={data.themeEditorUrl} target="_top">
                      {t("settings.block.open")}
                    </Button>
                  </InlineStack>
                ) : null}
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title={t("settings.sync.title")}
            description={t("settings.sync.help")}
          >
            <BlockStack gap="400">
              <Card>
                <FormLayout>
                  <Checkbox
                    label={t("settings.writeBackMetafield")}
                    helpText={t("settings.writeBackMetafieldHelp")}
                    checked={form.writeBackMetafield === "true"}
                    onChange={(on) => set("writeBackMetafield")(on ? "true" : "false")}
                  />
                  <Checkbox
                    label={t("settings.writeBackTag")}
                    helpText={t("settings.writeBackTagHelp")}
                    checked={form.writeBackTag === "true"}
                    onChange={(on) => set("writeBackTag")(on ? "true" : "false")}
                  />
                </FormLayout>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h3" variant="headingSm">
                    {t("settings.sync.backfill")}
                  </Text>
                  {resync && !resync.ok ? (
                    <Banner tone="warning">
                      {t(`settings.sync.refused.${resync.error}` as MessageKey)}
                    </Banner>
                  ) : null}
                  {data.backfill ? (
                    <BackfillProgress run={data.backfill} zone={zone} />
                  ) : (
                    <Text as="p" tone="subdued">
                      {t("settings.sync.none")}
                    </Text>
                  )}
                  <InlineStack>
                    <Button
                      disabled={active || busy}
                      loading={navigation.formData?.get("intent") === "resync"}
                      onClick={() => submit({ intent: "resync" }, { method: "post" })}
                    >
                      {t("settings.sync.resync")}
                    </Button>
                  </InlineStack>
                  <Text as="h3" variant="headingSm">
                    {t("settings.sync.reconciliation")}
                  </Text>
                  {data.reconciliations.length === 0 ? (
                    <Text as="p" tone="subdued">
                      {t("settings.sync.noReconciliation")}
                    </Text>
                  ) : (
                    <List>
                      {data.reconciliations.map((run) => (
                        <List.Item key={run.id}>
                          {t("settings.sync.reconciled", {
                            at: formatDateTime(run.startedAt, zone),
                            read: formatNumber(run.ordersRead),
                            healed: formatNumber(run.ordersHealed),
                          })}
                          {run.status === "failed" ? ` (${t("settings.sync.status.failed")})` : ""}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            title={t("settings.data.title")}
            description={t("settings.data.help")}
          >
            <Card>
              <FormLayout>
                <Select
                  label={t("settings.retention")}
                  name="retentionDays"
                  value={form.retentionDays}
                  onChange={(v) => set("retentionDays")(v as SettingsFormInput["retentionDays"])}
                  error={errorOf("retentionDays")}
                  helpText={t("settings.retentionHelp")}
                  options={[
                    { label: t("settings.retention.forever"), value: "" },
                    ...RETENTION_CHOICES.map((days) => ({
                      label: t("settings.retention.days", { days }),
                      value: days,
                    })),
                  ]}
                />
                <Box>
                  <Link url="/app/data-requests">{t("settings.data.requests")}</Link>
                </Box>
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
      </form>
    </Page>
  );
}
