// Request ids and the per-request logger. Every response carries X-Request-Id (the caller's,
// for tracing across services, or a new one), and req.log logs with it. At LOG_LEVEL info
// or below, pino-http writes one access-log line per request. Above it there is no access
// log, and the request's logger is made only when something logs (an error): pino-http
// builds it for every request, serializing the request, which cost about 5 % of the app's
// CPU per booking (bench/results/2026-12-02-app-cpu.md).
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";

const REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader("X-Request-Id", id);
  return id;
}

export function requestLogging(log: Logger) {
  if (log.isLevelEnabled("info")) {
    return pinoHttp({ logger: log, genReqId: requestId, autoLogging: { ignore: (req) => req.url === "/health" || req.url === "/metrics" } });
  }
  return (req: Request, res: Response, next: NextFunction) => {
    const id = requestId(req, res);
    req.id = id;
    let logger: Logger | undefined;
    Object.defineProperty(req, "log", {
      configurable: true,
      get: () =>
        (logger ??= log.child({ reqId: id, req: { id, method: req.method, url: req.originalUrl ?? req.url, remoteAddress: req.socket.remoteAddress } })),
      set: (value: Logger) => void (logger = value),
    });
    next();
  };
}
