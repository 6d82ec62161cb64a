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
  /**
   * Sends within `timeoutMs` or fails with SendTimeoutError (worth retrying). After a timeout the
   * pool the send used is replaced: whatever stalled it (a silent server, a half-open
   * connection, a wedged pool) is not reused, and no send waits on it.
   */
  send(email: OutgoingEmail, options: { timeoutMs: number }): Promise<{ messageId: string }>;
  close(): void;
}

export class SendTimeoutError extends Error {
  override name = "SendTimeoutError";
}

export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

/** 5xx SMTP replies (mailbox unknown, rejected) will not get better by retrying. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** Pooled connections to the SMTP server. */
export const SMTP_CONNECTIONS = 5;

/**
 * Opens the SMTP server's TCP connections with Nagle's algorithm off and keeps track of them.
 * SMTP answers every command: with Nagle on, the small write that ends a message waits for the
 * server's delayed ACK (~40 ms), which holds a connection to ~20 messages/s. Nodemailer adds TLS
 * (smtps:, STARTTLS) on top.
 *
 * Each socket is handed over at once, still connecting: nodemailer then sees a refused or failed
 * connection as an error of the pooled connection and frees its slot. Reporting the failure
 * through the callback instead leaves the slot taken for good, and after as many failures as
 * there are pooled connections every later send waits forever.
 */
function socketsWithoutDelay() {
  const open = new Set<net.Socket>();
  function connect(
    options: { host?: string; port?: number },
    callback: (error: Error | null, socketOptions?: { connection: net.Socket }) => void,
  ) {
    const socket = net.connect({
      host: options.host,
      port: options.port!,
      noDelay: true,
      keepAlive: true,
    });
    open.add(socket);
    socket.once("close", () => open.delete(socket));
    // Nodemailer listens from the callback on; this keeps a stray late error from being fatal.
    socket.on("error", () => {});
    callback(null, { connection: socket });
  }
  return {
    connect,
    /** Closes connections the pool would wait on (a busy connection is not closed by the pool). */
    destroyAll() {
      for (const socket of open) socket.destroy();
    },
  };
}

export interface SmtpOptions {
  /**
   * PEM certificates to trust for the SMTP server's TLS (smtps: or STARTTLS), e.g. a private
   * CA's. Node's own trusted roots are used when not given.
   */
  ca?: string;
}

export function createSmtpMailer(smtpUrl: string, options: SmtpOptions = {}): Mailer {
  const url = new URL(smtpUrl);
  const createTransport = () => {
    const sockets = socketsWithoutDelay();
    const transport: Transporter = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
      secure: url.protocol === "smtps:",
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      pool: true,
      getSocket: sockets.connect,
      maxConnections: SMTP_CONNECTIONS,
      maxMessages: Infinity,
      // STARTTLS when offered; loopback test servers offer none.
      ignoreTLS: url.searchParams.get("tls") === "off",
      // Both smtps: and STARTTLS wrap the socket handed over above in TLS with these options.
      tls: options.ca ? { ca: options.ca } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    return { transport, sockets };
  };
  let current = createTransport();
  /** Replaces a stalled pool once, however many of its sends time out. */
  const replace = (stalled: typeof current) => {
    if (current !== stalled) return;
    current = createTransport();
    stalled.transport.close();
    stalled.sockets.destroyAll();
  };
  return {
    async send(email, { timeoutMs }) {
      const used = current;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new SendTimeoutError(`SMTP send timed out after ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      const sending = used.transport.sendMail({
        from: email.from,
        to: email.to,
        replyTo: email.replyTo ?? undefined,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: email.messageId,
      });
      try {
        const info = await Promise.race([sending, timeout]);
        return { messageId: String(info.messageId ?? email.messageId) };
      } catch (error) {
        if (error instanceof SendTimeoutError) {
          // The abandoned send settles once its connection is closed; nobody waits for it.
          sending.catch(() => {});
          replace(used);
          throw error;
        }
        if (isPermanent(error)) throw new PermanentDeliveryError((error as Error).message);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      current.transport.close();
    },
  };
}
