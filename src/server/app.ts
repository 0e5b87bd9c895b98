// The HTTP server: GraphQL (PostGraphile), health. Wiring only: no business rule here.
import { createServer as createHttpServer, type Server } from "node:http";
import express from "express";
import type pg from "pg";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/express/v4";
import { makePreset } from "../graphql/preset.ts";
import { authenticate } from "./auth.ts";

export interface AppOptions {
  /** Pool of the server's login role; each request switches role inside its transaction. */
  pool: pg.Pool;
  jwtSecret: string;
  production: boolean;
}

export interface App {
  app: express.Express;
  server: Server;
  /** Stops accepting requests and releases PostGraphile (not the pool: its owner closes it). */
  close(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const app = express();
  app.disable("x-powered-by");
  const server = createHttpServer(app);

  app.get("/health", async (_req, res) => {
    try {
      await options.pool.query("select 1");
      res.json({ status: "ok", database: "ok" });
    } catch {
      res.status(503).json({ status: "error", database: "unreachable" });
    }
  });

  app.use(authenticate(options.jwtSecret));

  const pgl = postgraphile(makePreset(options));
  const serv = pgl.createServ(grafserv);
  await serv.addTo(app, server);
  await pgl.getSchema();

  return {
    app,
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pgl.release();
    },
  };
}

export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
