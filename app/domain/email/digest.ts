// The merchant's daily digest (SPEC §4 "Stuck orders"): the orders past their stage's expected
// business days and the orders time rules flagged since the last digest, each with a link to its
// page in the admin. Pure: rendered text in, subject / HTML / text out (English or Swedish).

export interface DigestOrder {
  name: string;
  stage: string;
  /** Whole calendar days in the stage. */
  days: number;
  adminUrl: string;
}

export interface DigestAlert {
  name: string;
  rule: string;
  adminUrl: string;
}

export interface DigestInput {
  shopName: string;
  /** The shop's local date, "YYYY-MM-DD". */
  date: string;
  locale: string;
  stuck: readonly DigestOrder[];
  /** Stuck orders in all, when more than listed. */
  stuckTotal: number;
  alerts: readonly DigestAlert[];
  /** The Orders page filtered to stuck orders. */
  stuckListUrl: string;
}

/** The outbox's dedupe key of a shop's digest of a local day: one per shop per day. */
export const digestDedupeKey = (date: string) => `digest:${date}`;
/** Outbox rows of digests carry this in place of a stage key (they are pre-rendered). */
export const DIGEST_STAGE_KEY = "_digest";

const STRINGS = {
  en: {
    subject: (shop: string, n: number, date: string) =>
      `${shop}: ${n} ${n === 1 ? "order needs" : "orders need"} attention (${date})`,
    stuckTitle: "Stuck orders",
    stuckIntro: "These orders have been in their stage longer than its expected business days.",
    days: (n: number) => `${n} ${n === 1 ? "day" : "days"} in stage`,
    more: (n: number) => `…and ${n} more. See all stuck orders`,
    alertsTitle: "Flagged by your time rules",
    rule: (rule: string) => `rule “${rule}”`,
    footer: "You get this digest because it is turned on in Stageline's settings.",
  },
  sv: {
    subject: (shop: string, n: number, date: string) =>
      `${shop}: ${n} ${n === 1 ? "beställning behöver" : "beställningar behöver"} uppmärksamhet (${date})`,
    stuckTitle: "Fastnade beställningar",
    stuckIntro:
      "De här beställningarna har legat i sitt steg längre än stegets förväntade arbetsdagar.",
    days: (n: number) => `${n} ${n === 1 ? "dag" : "dagar"} i steget`,
    more: (n: number) => `…och ${n} till. Visa alla fastnade beställningar`,
    alertsTitle: "Flaggade av dina tidsregler",
    rule: (rule: string) => `regeln ”${rule}”`,
    footer: "Du får det här sammandraget eftersom det är påslaget i Stagelines inställningar.",
  },
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderDigest(input: DigestInput): { subject: string; html: string; text: string } {
  const s = input.locale.toLowerCase().startsWith("sv") ? STRINGS.sv : STRINGS.en;
  const count = input.stuckTotal + input.alerts.length;
  const subject = s.subject(input.shopName, count, input.date);
  const html: string[] = [];
  const text: string[] = [];
  if (input.stuck.length > 0) {
    html.push(`<h2>${escapeHtml(s.stuckTitle)}</h2><p>${escapeHtml(s.stuckIntro)}</p><ul>`);
    text.push(s.stuckTitle, s.stuckIntro, "");
    for (const order of input.stuck) {
      const line = `${order.stage} · ${s.days(order.days)}`;
      html.push(
        `<li><a href="${escapeHtml(order.adminUrl)}">${escapeHtml(order.name)}</a> · ${escapeHtml(line)}</li>`,
      );
      text.push(`- ${order.name}: ${line}`, `  ${order.adminUrl}`);
    }
    html.push("</ul>");
    const more = input.stuckTotal - input.stuck.length;
    if (more > 0) {
      html.push(
        `<p><a href="${escapeHtml(input.stuckListUrl)}">${escapeHtml(s.more(more))}</a></p>`,
      );
      text.push(`${s.more(more)}: ${input.stuckListUrl}`);
    }
    text.push("");
  }
  if (input.alerts.length > 0) {
    html.push(`<h2>${escapeHtml(s.alertsTitle)}</h2><ul>`);
    text.push(s.alertsTitle, "");
    for (const alert of input.alerts) {
      html.push(
        `<li><a href="${escapeHtml(alert.adminUrl)}">${escapeHtml(alert.name)}</a> · ${escapeHtml(s.rule(alert.rule))}</li>`,
      );
      text.push(`- ${alert.name}: ${s.rule(alert.rule)}`, `  ${alert.adminUrl}`);
    }
    html.push("</ul>");
    text.push("");
  }
  html.push(`<p style="color:#6d7175">${escapeHtml(s.footer)}</p>`);
  text.push(s.footer);
  return {
    subject,
    html: `<!doctype html><html><body style="font-family:sans-serif">${html.join("\n")}</body></html>`,
    text: text.join("\n"),
  };
}
