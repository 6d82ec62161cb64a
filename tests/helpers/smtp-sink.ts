// A real SMTP server on loopback that keeps what it receives (the `smtp-server` package), and
// can be taken down and brought back to simulate an outage.
import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Mailer } from "~/services/mailer.server";
import { builtServer } from "./app";
import { freePort } from "./server-process";

export interface ReceivedEmail {
  to: string;
  from: string;
  replyTo: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  /** Whether the message came over TLS (smtps: or after STARTTLS). */
  secure: boolean;
}

/** Plain SMTP, STARTTLS offered, or TLS from the first byte (smtps:). */
export type SinkTls = "none" | "starttls" | "implicit";

/** The test certificate authority that signed the sink's certificate (tests/fixtures/tls). */
export const TEST_CA_FILE = path.resolve(import.meta.dirname, "../fixtures/tls/ca.crt");
const tlsFile = (name: string) =>
  fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/tls", name));

export class SmtpSink {
  readonly received: ReceivedEmail[] = [];
  private server: SMTPServer | null = null;
  /** Reply with a temporary failure (451) instead of accepting, while true. */
  failTemporarily = false;
  /** Accept each message only after this long (a slow mail server). */
  delayMs = 0;

  constructor(
    readonly port: number,
    readonly tls: SinkTls = "none",
  ) {}

  get url() {
    if (this.tls === "implicit") return `smtps://127.0.0.1:${this.port}`;
    if (this.tls === "starttls") return `smtp://127.0.0.1:${this.port}`;
    return `smtp://127.0.0.1:${this.port}?tls=off`;
  }

  async start() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: this.tls === "starttls" ? ["AUTH"] : ["STARTTLS", "AUTH"],
      secure: this.tls === "implicit",
      ...(this.tls === "none" ? {} : { key: tlsFile("smtp.key"), cert: tlsFile("smtp.crt") }),
      logger: false,
      // An outage: open connections are cut shortly after stop(), not waited for.
      closeTimeout: 200,
      onData: (stream, session, callback) => {
        if (this.failTemporarily) {
          stream.resume();
          stream.on("end", () =>
            callback(Object.assign(new Error("Try again later"), { responseCode: 451 })),
          );
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            const to = Array.isArray(mail.to)
              ? mail.to.map((a) => a.text).join(", ")
              : (mail.to?.text ?? "");
            this.received.push({
              to,
              from: mail.from?.text ?? "",
              replyTo: mail.replyTo?.text ?? "",
              subject: mail.subject ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              text: mail.text ?? "",
              messageId: mail.messageId ?? "",
              secure: session.secure,
            });
            setTimeout(() => callback(), this.delayMs);
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.port, "127.0.0.1", () => resolve());
    });
  }

  async stop() {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * A sink running for the test file and the app's pooled mailer to it; before each test the sink
 * forgets what it received and works normally again. Use the returned object inside tests.
 */
export function useSmtpSink(): { sink: SmtpSink; mailer: Mailer } {
  const mail = {} as { sink: SmtpSink; mailer: Mailer };
  beforeAll(async () => {
    mail.sink = new SmtpSink(await freePort());
    await mail.sink.start();
    mail.mailer = (await builtServer()).createSmtpMailer(mail.sink.url);
  });
  afterAll(async () => {
    mail.mailer?.close();
    await mail.sink?.stop();
  });
  beforeEach(() => {
    mail.sink.received.length = 0;
    mail.sink.failTemporarily = false;
    mail.sink.delayMs = 0;
  });
  return mail;
}
