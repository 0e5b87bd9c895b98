// A real HTTP receiver for webhook tests: records every request (headers and raw body),
// answers 200 by default, or as scripted (500s, a redirect, a hang, a large body).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { Test } from "tap";
import { waitFor } from "./support.ts";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

type Script = { status: number; body?: string; headers?: Record<string, string> } | "hang";

export interface Receiver {
  url: string;
  received: Received[];
  /** The next requests to `path` get these answers, in order (then 200 again). */
  script(path: string, ...answers: Script[]): void;
  /** Waits until a request matching `match` arrived; returns it. */
  waitFor(match: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
}

export async function startReceiver(t: Test, okBody = "ok"): Promise<Receiver> {
  const received: Received[] = [];
  const queues = new Map<string, Script[]>();
  const hanging = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = queues.get(req.url ?? "")?.shift() ?? { status: 200, body: okBody };
      const record: Received = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), status: answer === "hang" ? 0 : answer.status };
      received.push(record);
      if (answer === "hang") {
        hanging.add(() => res.destroy());
        return;
      }
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    for (const end of hanging) end();
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (path, ...answers) => queues.set(path, [...(queues.get(path) ?? []), ...answers]),
    waitFor: (match, timeoutMs = 20_000) =>
      waitFor("a webhook request", async () => received.find(match), timeoutMs, 50),
  };
}
