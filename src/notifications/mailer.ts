// Email transport: SMTP when SMTP_URL is set; otherwise nodemailer's JSON transport,
// which sends nothing and lets the message be logged (the rendered text is stored in
// evently.notifications either way, so it stays readable locally).
import nodemailer from "nodemailer";

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
  const transport = smtpUrl
    ? nodemailer.createTransport(smtpUrl, { from })
    : nodemailer.createTransport({ jsonTransport: true }, { from });
  return {
    kind: smtpUrl ? "smtp" : "log",
    async send(mail) {
      const info = await transport.sendMail(mail);
      return { messageId: String(info.messageId) };
    },
    close() {
      transport.close();
    },
  };
}
