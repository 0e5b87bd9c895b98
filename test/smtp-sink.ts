// A real SMTP server in-process (smtp-server) that keeps what it receives.
import { SMTPServer } from "smtp-server";
import type { Test } from "tap";

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Reply to the next n messages with a temporary failure (451). */
  failNext(n: number): void;
  /** Accept the connection but never answer the next message (a hung server). */
  hangNext(): void;
  /** Resolves once a message has reached the DATA stage (hung or not). */
  sawData(): Promise<void>;
  waitFor(predicate: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
}

export async function startSmtpSink(t: Test): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let failures = 0;
  let hang = false;
  let dataSeen: (() => void) | undefined;
  let dataPromise = new Promise<void>((resolve) => (dataSeen = resolve));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      dataSeen?.();
      dataPromise = new Promise<void>((resolve) => (dataSeen = resolve));
      if (hang) {
        hang = false;
        stream.resume();
        return; // never call back
      }
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (failures > 0) {
          failures--;
          const error = Object.assign(new Error("try again later"), { responseCode: 451 });
          return callback(error);
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          // Undo quoted-printable soft line breaks so assertions can search the text.
          raw: Buffer.concat(chunks).toString("utf8").replace(/=\r?\n/g, ""),
        });
        callback();
      });
    },
  });
  // A client killed mid-message (the worker-crash test) resets its connection; the server
  // reports that as an error event, which must not end the test process.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext: (n) => (failures = n),
    hangNext: () => (hang = true),
    sawData: () => dataPromise,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error("timed out waiting for an email");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
