// The bare HTTP ceiling: Express with a JSON body parser and one route that answers at
// once. Runs as its own process, like an app instance, so it does not share the load
// generator's event loop.
import express from "express";

const app = express();
app.disable("x-powered-by");
app.use(express.json());
app.post("/noop", (_req, res) => {
  res.json({ ok: true });
});
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
