// SMTP delivery through nodemailer's pooled transport (SPEC §6: SMTP_URL, EMAIL_FROM).
import net from "node:net";
import nodemailer, { type Transporter } from "nodemailer";

export interface OutgoingEmail {
  from: string;
  to: string;
  replyTo?: string | null;
  subject: string;
  html: string;
  text: string;
  /** Stable per outbox row, so a resend after a crash is recognizable as the same message. */
  messageId: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

/** 5xx SMTP replies (mailbox unknown, rejected) will not get better by retrying. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

const CONNECT_TIMEOUT_MS = 10_000;
/** Pooled connections to the SMTP server. */
export const SMTP_CONNECTIONS = 5;

/**
 * Opens the SMTP server's TCP connection with Nagle's algorithm off. SMTP answers every command:
 * with Nagle on, the small write that ends a message waits for the server's delayed ACK (~40 ms),
 * which holds a connection to ~20 messages/s. Nodemailer adds TLS (smtps:, STARTTLS) on top.
 */
function connectWithoutDelay(
  options: { host?: string; port?: number },
  callback: (error: Error | null, socketOptions?: { connection: net.Socket }) => void,
) {
  const socket = net.connect({
    host: options.host,
    port: options.port!,
    noDelay: true,
    keepAlive: true,
  });
  const fail = (error: Error) => {
    clearTimeout(timer);
    socket.destroy();
    callback(error);
  };
  const timer = setTimeout(() => fail(new Error("SMTP connection timeout")), CONNECT_TIMEOUT_MS);
  socket.once("error", fail);
  socket.once("connect", () => {
    clearTimeout(timer);
    socket.removeListener("error", fail);
    callback(null, { connection: socket });
  });
}

export function createSmtpMailer(smtpUrl: string): Mailer {
  const url = new URL(smtpUrl);
  const transport: Transporter = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
    secure: url.protocol === "smtps:",
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    pool: true,
    getSocket: connectWithoutDelay,
    maxConnections: SMTP_CONNECTIONS,
    maxMessages: Infinity,
    // STARTTLS when offered; loopback test servers offer none.
    ignoreTLS: url.searchParams.get("tls") === "off",
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(email) {
      try {
        const info = await transport.sendMail({
          from: email.from,
          to: email.to,
          replyTo: email.replyTo ?? undefined,
          subject: email.subject,
          html: email.html,
          text: email.text,
          messageId: email.messageId,
        });
        return { messageId: String(info.messageId ?? email.messageId) };
      } catch (error) {
        if (isPermanent(error)) throw new PermanentDeliveryError((error as Error).message);
        throw error;
      }
    },
    close() {
      transport.close();
    },
  };
}
