// The demo's email outbox viewer (`npm run demo`): every email of the simulated shop, newest
// first, with its status, the HTML as the shopper would see it (in a sandboxed iframe: no
// scripts, no same-origin access) and the text part. Demo only, like the storefront preview.
import { listEmails, type EmailRow } from "~/models/email-outbox.server";
import { PREVIEW_SHOP } from "./storefront-preview.server";

const SHOWN = 200;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATUS_NOTES: Record<string, string> = {
  held: "held: rendered, not sent (no SMTP_URL in the demo)",
  queued: "queued: rendered when it is due",
  coalesced: "coalesced: a newer stage email of the order replaced it",
  skipped: "skipped: the order had left the stage when it was due",
};

function renderEmail(row: EmailRow, open: boolean): string {
  const subject = row.subject ?? `(${row.stageKey} email, not rendered yet)`;
  const note = STATUS_NOTES[row.status] ?? row.status;
  const body = row.html
    ? `<iframe sandbox title="${escapeHtml(subject)}" srcdoc="${escapeHtml(row.html)}"></iframe>`
    : "<p><em>No HTML yet.</em></p>";
  const text = row.text ? `<h3>Text part</h3><pre>${escapeHtml(row.text)}</pre>` : "";
  return `<details data-email="${row.id}" data-status="${escapeHtml(row.status)}"${open ? " open" : ""}>
<summary><strong>${escapeHtml(subject)}</strong> <span class="meta">to ${escapeHtml(row.recipient)} · stage ${escapeHtml(row.stageKey)} · ${escapeHtml(row.locale)} · ${row.createdAt.toISOString()}</span> <span class="status">${escapeHtml(note)}</span></summary>
${body}${text}</details>`;
}

export async function renderOutboxPage(): Promise<string> {
  const rows = await listEmails(PREVIEW_SHOP, { take: SHOWN });
  const list = rows.length
    ? rows.map((row, i) => renderEmail(row, i === 0)).join("\n")
    : "<p>No emails yet: stage emails appear here when orders reach a stage that notifies the customer.</p>";
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Email outbox — ${escapeHtml(PREVIEW_SHOP)} — Stageline</title>
<style>body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#f6f6f7}main{max-width:56rem;margin:1.5rem auto;padding:0 1rem}
details{background:#fff;border:1px solid #ddd;border-radius:10px;margin:.75rem 0;padding:.5rem .75rem}summary{cursor:pointer;line-height:1.6}
.meta{color:#555;font-size:.85rem}.status{display:inline-block;font-size:.8rem;background:#fff4d6;border-radius:6px;padding:0 .4rem}
iframe{width:100%;height:32rem;border:1px solid #eee;border-radius:6px;background:#fff}pre{white-space:pre-wrap;background:#fafafa;padding:.75rem;border-radius:6px}</style>
</head>
<body><main><h1>Email outbox of ${escapeHtml(PREVIEW_SHOP)}</h1>
<p>Every email the simulated shop would send, newest first (latest ${SHOWN}). <a href="/preview/admin">Admin preview</a></p>
${list}
</main></body></html>`;
}
