// npm run build:web: builds web/ into web/dist now, whether or not the last build is current
// (npm start and npm test build it themselves when it is missing or stale).
import { ensureWebBuild } from "../src/server/web-build.ts";

await ensureWebBuild({ force: true, log: (line) => console.log(line) });
