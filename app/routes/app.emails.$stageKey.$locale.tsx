import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { renderEmail, type TemplateIssue } from "~/domain/email/render";
import { defaultTemplate } from "~/domain/email/default-templates";
import { emailVariables, sampleEmailContext } from "~/domain/email/variables";
import { useI18n } from "~/components/i18n";
import { authenticate } from "~/shopify.server";
import {
  loadTemplateEditor,
  parseTemplateKey,
  resetTemplate,
  saveTemplate,
  sendTestEmail,
} from "~/services/email-admin.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const key = parseTemplateKey(params);
  const editor = key ? await loadTemplateEditor(session.shop, key) : null;
  if (!editor) throw new Response("Not found", { status: 404 });
  return editor;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const key = parseTemplateKey(params);
  if (!key) throw new Response("Not found", { status: 404 });
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "reset") {
    await resetTemplate(session.shop, key);
    return { intent: "reset", ok: true, issues: [] as TemplateIssue[] };
  }
  const result =
    form.intent === "test"
      ? await sendTestEmail(session.shop, key, form)
      : await saveTemplate(session.shop, key, form);
  return { intent: String(form.intent), ok: result.ok, issues: result.ok ? [] : result.issues };
}

function usePreview(
  template: { subject: string; html: string; text: string },
  stage: { key: string; label: string; description: string },
  locale: string,
  shopName: string,
) {
  const [preview, setPreview] = useState<
    { subject: string; html: string; text: string } | { error: string } | null
  >(null);
  useEffect(() => {
    let cancelled = false;
    const context = sampleEmailContext(stage, locale);
    context.shop = { ...context.shop, name: shopName };
    const timer = setTimeout(() => {
      renderEmail(template, emailVariables(context))
        .then((rendered) => !cancelled && setPreview(rendered))
        .catch((error: Error) => !cancelled && setPreview({ error: error.message }));
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [template, stage, locale, shopName]);
  return preview;
}

export default function TemplateEditor() {
  const editor = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const submit = useSubmit();
  const [template, setTemplate] = useState(editor.template);
  const [testTo, setTestTo] = useState("");
  useEffect(() => setTemplate(editor.template), [editor.template]);
  const preview = usePreview(template, editor.stage, editor.locale, editor.shopName);
  const issues = result?.issues ?? [];
  const field = (part: "subject" | "html" | "text") =>
    issues
      .filter((i) => i.part === part)
      .map((i) => t("emails.issue", { line: i.line, column: i.column, message: i.message }))
      .join(" · ") || undefined;

  return (
    <Page
      title={`${editor.stage.label} — ${editor.locale.toUpperCase()}`}
      subtitle={editor.customized ? t("emails.customTemplate") : t("emails.defaultTemplate")}
      backAction={{ content: t("nav.emails"), url: "/app/emails" }}
    >
      <Layout>
        {result?.ok && result.intent === "save" ? (
          <Layout.Section>
            <Banner tone="success">{t("emails.saved")}</Banner>
          </Layout.Section>
        ) : null}
        {result?.ok && result.intent === "test" ? (
          <Layout.Section>
            <Banner tone="success">{t("emails.testQueued")}</Banner>
          </Layout.Section>
        ) : null}
        {issues.length ? (
          <Layout.Section>
            <Banner tone="critical" title={t("emails.notSaved")}>
              <List>
                {issues.map((i, n) => (
                  <List.Item
                    key={n}
                  >{`${i.part}: ${t("emails.issue", { line: i.line, column: i.column, message: i.message })}`}</List.Item>
                ))}
              </List>
            </Banner>
          </Layout.Section>
        ) : null}
        {!editor.stage.notifyCustomer ? (
          <Layout.Section>
            <Banner tone="warning">{t("emails.turnedOff")}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <Card>
              <Form method="post">
                <BlockStack gap="300">
                  <TextField
                    label={t("emails.subject")}
                    name="subject"
                    value={template.subject}
                    onChange={(subject) => setTemplate({ ...template, subject })}
                    autoComplete="off"
                    error={field("subject")}
                  />
                  <TextField
                    label={t("emails.html")}
                    name="html"
                    value={template.html}
                    onChange={(html) => setTemplate({ ...template, html })}
                    multiline={14}
                    autoComplete="off"
                    monospaced
                    error={field("html")}
                  />
                  <TextField
                    label={t("emails.text")}
                    name="text"
                    value={template.text}
                    onChange={(text) => setTemplate({ ...template, text })}
                    multiline={8}
                    autoComplete="off"
                    monospaced
                    error={field("text")}
                  />
                  <InlineStack gap="200">
                    <Button
                      variant="primary"
                      loading={busy}
                      onClick={() => submit({ ...template, intent: "save" }, { method: "post" })}
                    >
                      {t("common.save")}
                    </Button>
                    <Button
                      onClick={() => setTemplate(defaultTemplate(editor.stage.key, editor.locale))}
                    >
                      {t("emails.loadDefault")}
                    </Button>
                  </InlineStack>
                  <InlineStack gap="200" blockAlign="end">
                    <TextField
                      label={t("emails.testTo")}
                      name="to"
                      type="email"
                      value={testTo}
                      onChange={setTestTo}
                      autoComplete="email"
                    />
                    <Button
                      disabled={busy || !testTo}
                      onClick={() =>
                        submit({ ...template, to: testTo, intent: "test" }, { method: "post" })
                      }
                    >
                      {t("emails.sendTest")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
              {editor.customized ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="reset" />
                  <Button submit tone="critical" variant="plain">
                    {t("emails.reset")}
                  </Button>
                </Form>
              ) : null}
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("emails.preview")}
                </Text>
                {preview && "error" in preview ? (
                  <Banner tone="critical">{preview.error}</Banner>
                ) : null}
                {preview && !("error" in preview) ? (
                  <>
                    <Text as="p" fontWeight="semibold">
                      {preview.subject}
                    </Text>
                    <iframe
                      title={t("emails.previewFrame")}
                      sandbox=""
                      srcDoc={preview.html}
                      style={{
                        width: "100%",
                        height: 520,
                        border: "1px solid var(--p-color-border)",
                      }}
                    />
                  </>
                ) : null}
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("emails.variables")}
              </Text>
              <List>
                {editor.variables.map((v) => (
                  <List.Item key={v.name}>
                    <code>{`{{ ${v.name} }}`}</code> — {v.description} (
                    {t("emails.example", { example: v.example })})
                  </List.Item>
                ))}
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
