// The Emails pages: templates per stage and locale, notify toggles, test sends, the email log.
import crypto from "node:crypto";
import { z } from "zod";
import { DEFAULT_TEMPLATE_LOCALES, defaultTemplate } from "~/domain/email/default-templates";
import { renderEmail, validateTemplate, type TemplateIssue } from "~/domain/email/render";
import { EMAIL_VARIABLES, emailVariables, sampleEmailContext } from "~/domain/email/variables";
import { localized } from "~/domain/order-view";
import { enqueueEmail, findEmail, listEmails } from "~/models/email-outbox.server";
import {
  deleteEmailTemplate,
  findEmailTemplate,
  listEmailTemplates,
  saveEmailTemplate,
} from "~/models/email-templates.server";
import { findShop } from "~/models/shops.server";
import { findStage, listStages, setStageNotify } from "~/models/stages.server";
import { ensureShop } from "./shops.server";

const LOG_PAGE = 50;

export async function loadEmailOverview(
  shop: string,
  options: { beforeId?: number; orderGid?: string } = {},
) {
  await ensureShop(shop);
  const [stages, templates, emails] = await Promise.all([
    listStages(shop),
    listEmailTemplates(shop),
    listEmails(shop, { take: LOG_PAGE, beforeId: options.beforeId, orderGid: options.orderGid }),
  ]);
  const customized = new Set(templates.map((t) => `${t.stageKey}/${t.locale}`));
  return {
    locales: [...DEFAULT_TEMPLATE_LOCALES],
    stages: stages.map((stage) => ({
      key: stage.key,
      label: localized(JSON.parse(stage.labels) as Record<string, string>, "en"),
      labels: JSON.parse(stage.labels) as Record<string, string>,
      notifyCustomer: stage.notifyCustomer,
      customized: DEFAULT_TEMPLATE_LOCALES.filter((l) => customized.has(`${stage.key}/${l}`)),
    })),
    emails: emails.map((e) => ({
      id: e.id,
      orderGid: e.orderGid,
      stageKey: e.stageKey,
      recipient: e.recipient,
      status: e.status,
      attempts: e.attempts,
      lastError: e.lastError,
      subject: e.subject,
      isTest: e.isTest,
      createdAt: e.createdAt.toISOString(),
      sentAt: e.sentAt?.toISOString() ?? null,
    })),
    nextBeforeId: emails.length === LOG_PAGE ? emails.at(-1)!.id : null,
  };
}

const templateKey = z.object({
  stageKey: z.string().regex(/^[a-z0-9_]{1,64}$/),
  locale: z.enum(DEFAULT_TEMPLATE_LOCALES as unknown as [string, ...string[]]),
});

export type TemplateKey = z.infer<typeof templateKey>;

export function parseTemplateKey(params: Record<string, string | undefined>): TemplateKey | null {
  const parsed = templateKey.safeParse({ stageKey: params.stageKey, locale: params.locale });
  return parsed.success ? parsed.data : null;
}

async function stageOrNull(shop: string, stageKey: string) {
  await ensureShop(shop);
  return findStage(shop, stageKey);
}

export async function loadTemplateEditor(shop: string, key: TemplateKey) {
  const stage = await stageOrNull(shop, key.stageKey);
  if (!stage) return null;
  const custom = await findEmailTemplate(shop, key.stageKey, key.locale);
  const labels = JSON.parse(stage.labels) as Record<string, string>;
  const descriptions = JSON.parse(stage.descriptions) as Record<string, string>;
  const shopRow = await findShop(shop);
  return {
    stage: {
      key: stage.key,
      label: localized(labels, key.locale),
      description: localized(descriptions, key.locale),
      notifyCustomer: stage.notifyCustomer,
    },
    locale: key.locale,
    template: custom
      ? { subject: custom.subject, html: custom.html, text: custom.text }
      : defaultTemplate(key.stageKey, key.locale),
    customized: Boolean(custom),
    variables: EMAIL_VARIABLES,
    shopName: shopRow?.name ?? shop.replace(/\.myshopify\.com$/, ""),
  };
}

const templateInput = z.object({
  subject: z.string().max(1000),
  html: z.string().max(200_000),
  text: z.string().max(50_000),
});

export type SaveResult = { ok: true } | { ok: false; issues: TemplateIssue[] };

/** Validates and stores a template; a broken one is rejected with positions and never saved. */
export async function saveTemplate(
  shop: string,
  key: TemplateKey,
  input: unknown,
): Promise<SaveResult> {
  const parsed = templateInput.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        part: String(i.path[0]) as TemplateIssue["part"],
        message: i.message,
        line: 1,
        column: 1,
      })),
    };
  }
  if (!(await stageOrNull(shop, key.stageKey)))
    return {
      ok: false,
      issues: [{ part: "subject", message: "Unknown stage", line: 1, column: 1 }],
    };
  const issues = validateTemplate(parsed.data);
  if (issues.length) return { ok: false, issues };
  await saveEmailTemplate(shop, key, parsed.data);
  return { ok: true };
}

export async function resetTemplate(shop: string, key: TemplateKey) {
  await deleteEmailTemplate(shop, key);
}

const testSendInput = z.object({ to: z.string().trim().email("Enter a valid email address") });

/** Renders the (possibly unsaved) template with sample data and queues it to `to`, now. */
export async function sendTestEmail(shop: string, key: TemplateKey, input: unknown) {
  const parsedTo = testSendInput.safeParse(input);
  if (!parsedTo.success)
    return {
      ok: false as const,
      issues: [
        {
          part: "subject" as const,
          message: parsedTo.error.issues[0]!.message,
          line: 1,
          column: 1,
        },
      ],
    };
  const parsedTemplate = templateInput.safeParse(input);
  const editor = await loadTemplateEditor(shop, key);
  if (!editor || !parsedTemplate.success)
    return {
      ok: false as const,
      issues: [
        { part: "subject" as const, message: "Unknown stage or template", line: 1, column: 1 },
      ],
    };
  const issues = validateTemplate(parsedTemplate.data);
  if (issues.length) return { ok: false as const, issues };
  const context = sampleEmailContext(editor.stage, key.locale);
  context.shop = { ...context.shop, name: editor.shopName, domain: shop };
  const content = await renderEmail(parsedTemplate.data, emailVariables(context));
  await enqueueEmail(shop, {
    orderGid: "test",
    stageKey: key.stageKey,
    dedupeKey: `test:${crypto.randomUUID()}`,
    timelineEventId: null,
    recipient: parsedTo.data.to,
    locale: key.locale,
    dueAt: new Date(),
    isTest: true,
    ...content,
  });
  return { ok: true as const };
}

/** Sends an email of the log again, as a new outbox row (the log keeps both). */
export async function resendEmail(shop: string, id: number) {
  const original = await findEmail(shop, id);
  if (!original || !original.recipient) return false;
  await enqueueEmail(shop, {
    orderGid: original.orderGid,
    stageKey: original.stageKey,
    dedupeKey: `resend:${original.id}:${crypto.randomUUID()}`,
    timelineEventId: original.timelineEventId,
    recipient: original.recipient,
    locale: original.locale,
    dueAt: new Date(),
    isTest: original.isTest,
    ...(original.isTest
      ? { subject: original.subject, html: original.html, text: original.text }
      : {}),
  });
  return true;
}

export async function setNotify(shop: string, stageKey: string, on: boolean) {
  const { count } = await setStageNotify(shop, stageKey, on);
  return count === 1;
}
