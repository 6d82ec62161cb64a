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
import { useI18n, useLocalized } from "~/components/i18n";
import { StageBadge } from "~/components/StageBadge";
import { StagePicker } from "~/components/StagePicker";
import {
  parseStageForm,
  STAGE_COLORS,
  STAGE_ICONS,
  suggestStageKey,
  type FieldErrors,
  type StageFormInput,
} from "~/domain/admin/stage-form";
import type { MessageKey } from "~/i18n";
import type { action, loader } from "./route";

type Data = Awaited<ReturnType<typeof loader>>;
type ActionData = Awaited<ReturnType<typeof action>>;

function initialForm(data: Data): StageFormInput {
  const s = data.stage;
  const others = data.stages.filter((x) => x.key !== s?.key);
  return {
    key: s?.key ?? "",
    labelEn: s?.labels.en ?? "",
    labelSv: s?.labels.sv ?? "",
    descriptionEn: s?.descriptions.en ?? "",
    descriptionSv: s?.descriptions.sv ?? "",
    internalName: s?.internalName ?? "",
    color: s?.color ?? "info",
    icon: (s?.icon ?? "package") as StageFormInput["icon"],
    visibleToCustomer: String(s?.visibleToCustomer ?? true) as "true" | "false",
    notifyCustomer: String(s?.notifyCustomer ?? false) as "true" | "false",
    expectedBusinessDays:
      s?.expectedBusinessDays === null || s?.expectedBusinessDays === undefined
        ? ""
        : String(s.expectedBusinessDays),
    position: String(s ? s.position : others.length),
  };
}

export function StageEditorPage({ data }: { data: Data }) {
  const { t, tKey } = useI18n();
  const localized = useLocalized();
  const submit = useSubmit();
  const navigation = useNavigation();
  const actionData = useActionData<ActionData>();
  const editing = data.stage?.key ?? null;
  const initial = useMemo(() => initialForm(data), [data]);
  const [form, setForm] = useState(initial);
  const [keyTouched, setKeyTouched] = useState(editing !== null);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [target, setTarget] = useState("");
  const [notifyMoved, setNotifyMoved] = useState(false);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const busy = navigation.state !== "idle";
  const others = data.stages.filter((s) => s.key !== editing);
  const serverErrors: FieldErrors =
    actionData?.intent === "save" && !actionData.ok ? actionData.errors : {};
  const errorOf = (field: keyof StageFormInput) => {
    const key = clientErrors[field] ?? serverErrors[field];
    return key ? tKey(key) : undefined;
  };

  const set = (field: keyof StageFormInput) => (value: string) =>
    setForm((f) => {
      const next = { ...f, [field]: value };
      if (field === "labelEn" && !keyTouched) {
        next.key = suggestStageKey(
          value,
          others.map((s) => s.key),
        );
        if (!f.internalName || f.internalName === f.labelEn) next.internalName = value;
      }
      return next;
    });

  const save = () => {
    const parsed = parseStageForm(
      form,
      others.map((s) => s.key),
      editing,
    );
    setClientErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok) submit({ intent: "save", ...form }, { method: "post" });
  };

  const positionOptions = [
    { label: t("stageForm.positionFirst"), value: "0" },
    ...others.map((s, i) => ({
      label: t("stageForm.positionAfter", { name: localized(s.labels, s.key) }),
      value: String(i + 1),
    })),
  ];
  const title = editing ? localized(data.stage?.labels, editing) : t("stageForm.newTitle");

  return (
    <Page
      title={title}
      backAction={{ content: t("stages.title"), url: "/app/stages" }}
      titleMetadata={
        data.stage ? <StageBadge stage={data.stage} stageKey={data.stage.key} /> : null
      }
    >
      <TitleBar title={title} />
      <SaveBar id="stage-save-bar" open={dirty}>
        <button variant="primary" onClick={save} disabled={busy}>
          {t("common.save")}
        </button>
        <button onClick={() => setForm(initial)}>{t("common.discard")}</button>
      </SaveBar>
      <Layout>
        {actionData?.intent === "delete" && !actionData.ok ? (
          <Layout.Section>
            <Banner tone="critical" title={t("stageDelete.title")}>
              <p>{tKey(actionData.error)}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {actionData?.intent === "save" && actionData.ok ? (
          <Layout.Section>
            <Banner tone="success" title={t("stageForm.saved")} />
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
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                    <TextField
                      label={t("stageForm.labelEn")}
                      name="labelEn"
                      value={form.labelEn}
                      onChange={set("labelEn")}
                      error={errorOf("labelEn")}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("stageForm.labelSv")}
                      name="labelSv"
                      value={form.labelSv}
                      onChange={set("labelSv")}
                      error={errorOf("labelSv")}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("stageForm.descriptionEn")}
                      name="descriptionEn"
                      value={form.descriptionEn}
                      onChange={set("descriptionEn")}
                      error={errorOf("descriptionEn")}
                      multiline={2}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("stageForm.descriptionSv")}
                      name="descriptionSv"
                      value={form.descriptionSv}
                      onChange={set("descriptionSv")}
                      error={errorOf("descriptionSv")}
                      multiline={2}
                      autoComplete="off"
                    />
                  </InlineGrid>
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                    <TextField
                      label={t("stageForm.internalName")}
                      name="internalName"
                      value={form.internalName}
                      onChange={set("internalName")}
                      error={errorOf("internalName")}
                      helpText={t("stageForm.internalNameHelp")}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("stageForm.key")}
                      name="key"
                      value={form.key}
                      onChange={(v) => {
                        setKeyTouched(true);
                        set("key")(v);
                      }}
                      error={errorOf("key")}
                      helpText={t("stageForm.keyHelp")}
                      disabled={editing !== null}
                      autoComplete="off"
                    />
                  </InlineGrid>
                </FormLayout>
              </Card>
              <Card>
                <FormLayout>
                  <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
                    <Select
                      label={t("stageForm.color")}
                      name="color"
                      value={form.color}
                      onChange={set("color")}
                      error={errorOf("color")}
                      options={STAGE_COLORS.map((c) => ({
                        label: t(`color.${c}` as MessageKey),
                        value: c,
                      }))}
                    />
                    <Select
                      label={t("stageForm.icon")}
                      name="icon"
                      value={form.icon}
                      onChange={set("icon")}
                      error={errorOf("icon")}
                      options={STAGE_ICONS.map((i) => ({ label: i, value: i }))}
                    />
                    <TextField
                      label={t("stageForm.days")}
                      name="expectedBusinessDays"
                      type="number"
                      min={0}
                      value={form.expectedBusinessDays}
                      onChange={set("expectedBusinessDays")}
                      error={errorOf("expectedBusinessDays")}
                      helpText={t("stageForm.daysHelp")}
                      autoComplete="off"
                    />
                  </InlineGrid>
                  <Select
                    label={t("stageForm.position")}
                    name="position"
                    value={form.position}
                    onChange={set("position")}
                    error={errorOf("position")}
                    options={positionOptions}
                  />
                  <Checkbox
                    label={t("stageForm.visible")}
                    helpText={t("stageForm.visibleHelp")}
                    checked={form.visibleToCustomer === "true"}
                    onChange={(v) => set("visibleToCustomer")(String(v))}
                  />
                  <Checkbox
                    label={t("stageForm.notify")}
                    helpText={t("stageForm.notifyHelp")}
                    checked={form.notifyCustomer === "true"}
                    onChange={(v) => set("notifyCustomer")(String(v))}
                  />
                  <Button submit variant="primary" loading={busy} disabled={!dirty}>
                    {editing ? t("common.save") : t("stages.create")}
                  </Button>
                </FormLayout>
              </Card>
            </BlockStack>
          </form>
        </Layout.Section>
        {data.stage && !data.stage.isDefault ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("stageDelete.title")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("stageDelete.body")}
                </Text>
                <StagePicker
                  label={t("stageDelete.target")}
                  stages={data.stages}
                  exclude={editing ?? undefined}
                  value={target}
                  onChange={setTarget}
                  placeholder={t("setStage.choose")}
                />
                <Checkbox
                  label={t("stageDelete.notify")}
                  checked={notifyMoved}
                  onChange={setNotifyMoved}
                />
                <div>
                  <Button
                    tone="critical"
                    disabled={!target || busy}
                    onClick={() =>
                      submit(
                        { intent: "delete", target, notify: String(notifyMoved) },
                        { method: "post" },
                      )
                    }
                  >
                    {t("stageDelete.submit")}
                  </Button>
                </div>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
