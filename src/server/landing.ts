// GET / : what Evently is and where to go next (API docs, GraphQL explorer, health).
// The web app will take this path over later: this file and its one line in app.ts go.
import express from "express";

const page = (production: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evently</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; color: #1d232a; }
  h1 { margin-bottom: 0; } .tag { color: #5b6672; margin-top: .25rem; }
  ul { padding-left: 1.2rem; } li { margin: .35rem 0; } code, pre { font: 14px ui-monospace, monospace; }
  pre { background: #f3f5f7; padding: .8rem 1rem; border-radius: 6px; overflow-x: auto; }
  a { color: #0b63c5; }
</style></head>
<body>
<h1>Evently</h1>
<p class="tag">Event booking where PostgreSQL guarantees that nothing is oversold.</p>
<h2>Explore</h2>
<ul>
  <li><a href="/docs">REST API</a> (Swagger UI) · <a href="/openapi.json">OpenAPI 3.1 document</a> · <a href="/api/v1">/api/v1</a> (index of resources)</li>
  ${production ? `<li>GraphQL: <code>POST /graphql</code></li>` : `<li><a href="/graphiql">GraphQL explorer</a> (Ruru) for <code>POST /graphql</code></li>`}
  <li><a href="/docs/errors">Error codes</a>: every <code>code</code> the API answers with</li>
  <li><a href="/health">/health</a> · <a href="/ready">/ready</a> · <a href="/metrics">/metrics</a></li>
</ul>
<h2>Try it</h2>
<pre>curl -s localhost:PORT/api/v1/events
curl -s -X POST localhost:PORT/api/v1/auth/register -H 'content-type: application/json' \\
  -d '{"email":"ada@example.com","password":"correct horse","name":"Ada"}'</pre>
<p>The README's quickstart walks through logging in, holding and booking tickets.</p>
</body></html>`;

export function landingPage(opts: { production: boolean }): express.Router {
  const router = express.Router();
  router.get("/", (req, res) => {
    res.type("html").send(page(opts.production).replaceAll("localhost:PORT", req.get("host") ?? "localhost:3000"));
  });
  return router;
}
