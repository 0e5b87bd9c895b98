// Vite builds web/ into web/dist (git-ignored; src/server/web-build.ts runs it on first
// `npm start` / `npm test`). `npm run dev:web` serves web/ with hot reload and forwards the
// API to a running `npm start` (EVENTLY_API, default http://localhost:3000).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const api = process.env.EVENTLY_API ?? "http://localhost:3000";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", assetsInlineLimit: 0, reportCompressedSize: false },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  resolve: { alias: { react: "preact/compat", "react-dom": "preact/compat" } },
  server: {
    port: 5173,
    proxy: {
      "/api": api,
      "/web/": api,
      "/graphql": { target: api, ws: true },
      "/openapi.json": api,
    },
  },
});
