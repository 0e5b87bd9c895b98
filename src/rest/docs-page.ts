// /openapi.json and a browsable docs page (Swagger UI from the swagger-ui-dist package,
// served from node_modules: no CDN, the machines may have no internet).
import { createRequire } from "node:module";
import { dirname } from "node:path";
import express from "express";

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evently REST API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

const init = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });`;

export function docsRouter(document: Record<string, unknown>): express.Router {
  const router = express.Router();
  router.get("/openapi.json", (_req, res) => res.json(document));
  router.get(["/docs", "/docs/"], (_req, res) => res.type("html").send(page));
  router.get("/docs/init.js", (_req, res) => res.type("js").send(init));
  router.use("/docs", express.static(swaggerUiDir, { index: false }));
  return router;
}
