// /openapi.json and a browsable docs page (Swagger UI from the swagger-ui-dist package,
// served from node_modules: no CDN, the machines may have no internet), and /docs/errors:
// docs/error-codes.md as a page with one anchor per code, where every problem's `type` points.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import express from "express";
import { registryPath } from "../errors.ts";

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evently REST API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

const init = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });`;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** The little Markdown error-codes.md uses: `code`, **bold**, [text](link). */
const inline = (s: string) =>
  escape(s)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');

/** docs/error-codes.md as HTML: headings, paragraphs and the table, each code's row with id="<code>". */
export function errorCodesPage(markdown: string): string {
  const html: string[] = [];
  let paragraph: string[] = [];
  let table: string[][] = [];
  const flushParagraph = () => {
    if (paragraph.length) html.push(`<p>${inline(paragraph.join(" "))}</p>`);
    paragraph = [];
  };
  const flush = () => {
    flushParagraph();
    if (table.length) {
      const [head, , ...rows] = table;
      html.push(
        `<table><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join("")}</tr></thead><tbody>` +
          rows.map((r) => {
            const code = /^EV[0-9A-Z]{3}$/.test(r[0]) ? r[0] : undefined; // a registered code's row gets its anchor
            return `<tr${code ? ` id="${code}"` : ""}>${r.map((c, i) => `<td>${i === 0 && code ? `<a href="#${code}"><code>${code}</code></a>` : inline(c)}</td>`).join("")}</tr>`;
          }).join("\n") +
          "</tbody></table>",
      );
    }
    table = [];
  };
  for (const line of markdown.split("\n")) {
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      html.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    } else if (line.startsWith("|")) {
      flushParagraph();
      table.push(line.split("|").slice(1, -1).map((c) => c.trim()));
    } else if (line.trim() === "") {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evently error codes</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
tr:target{background:#fff8c5}code{font:13px ui-monospace,monospace}</style></head>
<body><p><a href="/">Evently</a> · <a href="/docs">REST API</a></p>
${html.join("\n")}</body></html>`;
}

export function docsRouter(document: Record<string, unknown>): express.Router {
  const router = express.Router();
  const errorsPage = errorCodesPage(readFileSync(registryPath, "utf8"));
  router.get("/openapi.json", (_req, res) => res.json(document));
  router.get(["/docs", "/docs/"], (_req, res) => res.type("html").send(page));
  router.get("/docs/errors", (_req, res) => res.type("html").send(errorsPage));
  router.get("/docs/init.js", (_req, res) => res.type("js").send(init));
  router.use("/docs", express.static(swaggerUiDir, { index: false }));
  return router;
}
