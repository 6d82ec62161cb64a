import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link as RemixLink, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { useI18n, useLocalized } from "~/components/i18n";
import { isMessageKey, type MessageKey } from "~/i18n";
import { authenticate } from "~/shopify.server";
import { loadEmailOverview, resendEmail, setNotify } from "~/services/email-admin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const before = Number(new URL(request.url).searchParams.get("before")) || undefined;
  return loadEmailOverview(session.shop, { beforeId: before });
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "resend") return { ok: await resendEmail(session.shop, Number(form.get("id"))) };
  if (intent === "notify") {
    return {
      ok: await setNotify(session.shop, String(form.get("stageKey")), form.get("on") === "true"),
    };
  }
  return Response.json({ ok: false, error: "unknown intent" }, { status: 400 });
}

const STATUS_TONE: Record<string, "success" | "attention" | "critical" | "info" | undefined> = {
  sent: "success",
  queued: "info",
  sending: "info",
  held: "attention",
  dead: "critical",
  cancelled: undefined,
};

export default function Emails() {
  const { stages, locales, emails, nextBeforeId } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const localized = useLocalized();
  const busy = useNavigation().state !== "idle";
  return (
    <Page title={t("nav.emails")}>
      <TitleBar title={t("nav.emails")} />
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              itemCount={stages.length}
              selectable={false}
              headings={[
                { title: t("orders.col.stage") },
                { title: t("emails.onEntry") },
                { title: t("emails.templates") },
              ]}
            >
              {stages.map((stage, index) => (
                <IndexTable.Row id={stage.key} key={stage.key} position={index}>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {localized(stage.labels, stage.label)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Form method="post">
                      <input type="hidden" name="intent" value="notify" />
                      <input type="hidden" name="stageKey" value={stage.key} />
                      <input type="hidden" name="on" value={String(!stage.notifyCustomer)} />
                      <InlineStack gap="200" blockAlign="center">
                        <Badge tone={stage.notifyCustomer ? "success" : undefined}>
                          {stage.notifyCustomer ? t("emails.on") : t("emails.off")}
                        </Badge>
                        <Button submit size="slim" disabled={busy}>
                          {stage.notifyCustomer ? t("emails.turnOff") : t("emails.turnOn")}
                        </Button>
                      </InlineStack>
                    </Form>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="200">
                      {locales.map((locale) => (
                        <RemixLink key={locale} to={`/app/emails/${stage.key}/${locale}`}>
                          {locale.toUpperCase()}
                          {stage.customized.includes(locale) ? ` (${t("emails.custom")})` : ""}
                        </RemixLink>
                      ))}
                    </InlineStack>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <BlockStack gap="200">
              <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
                <Text as="h2" variant="headingMd">
                  {t("emails.log")}
                </Text>
              </div>
              <IndexTable
                itemCount={emails.length}
                selectable={false}
                emptyState={<div style={{ padding: "var(--p-space-400)" }}>{t("emails.none")}</div>}
                headings={[
                  { title: t("emails.recipient") },
                  { title: t("orders.col.stage") },
                  { title: t("emails.status") },
                  { title: t("emails.attempts") },
                  { title: t("emails.detail") },
                  { title: "" },
                ]}
              >
                {emails.map((email, index) => (
                  <IndexTable.Row id={String(email.id)} key={email.id} position={index}>
                    <IndexTable.Cell>
                      {email.recipient || t("emails.redacted")}
                      {email.isTest ? ` · ${t("emails.test")}` : ""}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{email.stageKey}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={STATUS_TONE[email.status]}>
                        {isMessageKey(`emails.state.${email.status}`)
                          ? t(`emails.state.${email.status}` as MessageKey)
                          : email.status}
                      </Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{email.attempts}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" tone="subdued" truncate>
                        {email.lastError ?? email.subject ?? ""}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Form method="post">
                        <input type="hidden" name="intent" value="resend" />
                        <input type="hidden" name="id" value={email.id} />
                        <Button submit size="slim" disabled={busy || !email.recipient}>
                          {t("emails.resend")}
                        </Button>
                      </Form>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
              {nextBeforeId ? (
                <div style={{ padding: "var(--p-space-400)" }}>
                  <RemixLink to={`?before=${nextBeforeId}`}>{t("emails.older")}</RemixLink>
                </div>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
