// Email transport: SMTP when SMTP_URL is set; otherwise nothing is sent: the message is
// logged at debug level (the rendered text is stored in evently.notifications either way,
// so it stays readable locally). Not nodemailer's JSON transport: it builds a whole MIME
// message per notification for nobody, ~5 % of an API process's CPU under booking load
// (bench --profile, REST hot).
import { randomUUID } from "node:crypto";
import type { Transporter } from "nodemailer";
import { log } from "../log.ts";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** "smtp" or "log" (development). */
  kind: string;
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export function makeMailer(smtpUrl: string | undefined, from: string): Mailer {
  if (!smtpUrl) {
    return {
      kind: "log",
      async send(mail) {
        const messageId = `<${randomUUID()}@evently.local>`;
        log.debug({ to: mail.to, subject: mail.subject, messageId }, "email not sent (no SMTP_URL)");
        return { messageId };
      },
      close() {},
    };
  }
  // nodemailer (2-3 MB of a process's resident memory) is loaded at the first email, not at
  // boot: API processes (WORKER=off) and processes without SMTP_URL never load it.
  let transport: Transporter | undefined;
  let closed = false;
  return {
    kind: "smtp",
    async send(mail) {
      if (!transport) {
        const { default: nodemailer } = await import("nodemailer");
        transport ??= nodemailer.createTransport(smtpUrl, { from });
        if (closed) transport.close();
      }
      const info = await transport.sendMail(mail);
      return { messageId: String(info.messageId) };
    },
    close() {
      closed = true;
      transport?.close();
    },
  };
}
