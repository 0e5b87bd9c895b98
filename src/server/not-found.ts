// The last handler: a path nothing else answered. Browsers get a small HTML page, API
// clients problem+json with the registered code EVNRT (/api/v1 has its own, with 405s).
import type { Request, Response } from "express";
import { problemFor, sendProblem } from "../rest/problem.ts";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function notFound(req: Request, res: Response): void {
  if (req.accepts(["json", "html"]) === "html" && !req.path.startsWith("/api/")) {
    res.status(404).type("html").send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>Not found</h1><p>Nothing here at <code>${escape(req.path)}</code>. Start from <a href="/">the front page</a>.</p></body></html>`);
    return;
  }
  sendProblem(res, problemFor("EVNRT", `No route ${req.method} ${req.path}`, undefined, req.originalUrl));
}
