// The HTTP listener asks the kernel for a long accept queue (LISTEN_BACKLOG, src/server/app.ts):
// with Node's default of 511, the bench's 2,000 clients connecting at once on a busy machine
// met connect timeouts and resets (bench/results/2026-12-02-stop-21.md). For a listening
// socket, `ss` reports the queue's size in Send-Q: the backlog asked for, capped by
// net.core.somaxconn.
import t from "tap";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { LISTEN_BACKLOG, listen } from "../../src/server/app.ts";

t.test("the listener's accept queue is LISTEN_BACKLOG (or the kernel's cap)", async (t) => {
  const server = createServer((_req, res) => res.end());
  const port = await listen(server, 0, "127.0.0.1");
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const line = execFileSync("ss", ["-ltnH", `sport = :${port}`], { encoding: "utf8" }).trim();
  // State Recv-Q Send-Q Local:Port Peer:Port
  const sendQ = Number(line.split(/\s+/)[2]);
  const cap = Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8"));
  t.ok(LISTEN_BACKLOG > 511, "longer than Node's default");
  t.equal(sendQ, Math.min(LISTEN_BACKLOG, cap), `ss: ${line}`);
});
