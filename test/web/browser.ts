// Real Chromium for the web app's end-to-end tests: Debian's `chromium` (/usr/bin/chromium,
// installed by .ci/run) driven by playwright-core; axe-core for accessibility; screenshots.
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import type { Test } from "tap";
import { projectRoot } from "../../src/config.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const require = createRequire(import.meta.url);

/** Skip reason when there is no browser here; in CI a missing browser is a failure instead. */
export function browserSkip(): string | false {
  if (existsSync(CHROMIUM) || process.env.CI) return false;
  return `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

export async function launchBrowser(t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  t.teardown(() => browser.close());
  return browser;
}

export async function newPage(browser: Browser, opts: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    colorScheme: opts.colorScheme ?? "light",
    locale: "en-GB",
    timezoneId: "Europe/Berlin",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  // A page error is a test failure, not a log line nobody reads.
  page.on("pageerror", (error) => { throw error; });
  return page;
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A/AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

export async function checkAccessibility(t: Test, page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  t.same(violations, [], `axe: no serious or critical violations on ${what}`);
}

/**
 * Saves a screenshot: into docs/screenshots/ with EVENTLY_SCREENSHOTS=docs (npm run screenshots),
 * otherwise into a temporary folder (printed) to look at after a run.
 */
export const screenshotDir = process.env.EVENTLY_SCREENSHOTS === "docs" ? join(projectRoot, "docs", "screenshots") : join(tmpdir(), "evently-screenshots");
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Decodes every ticket QR code on the page with jsQR (the SVG drawn onto a canvas first). */
export async function decodeQrCodes(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "jsQR" in window))) await page.addScriptTag({ path: require.resolve("jsqr/dist/jsQR.js") });
  return page.evaluate(async () => {
    const jsQR = (window as unknown as { jsQR(data: Uint8ClampedArray, w: number, h: number): { data: string } | null }).jsQR;
    const out: string[] = [];
    for (const svg of document.querySelectorAll<SVGSVGElement>(".qr svg")) {
      const image = new Image();
      image.src = URL.createObjectURL(new Blob([svg.outerHTML], { type: "image/svg+xml" }));
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 400;
      const ctx = canvas.getContext("2d")!;
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, 400, 400);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(image, 0, 0, 400, 400);
      const decoded = jsQR(ctx.getImageData(0, 0, 400, 400).data, 400, 400);
      out.push(decoded ? decoded.data : "(undecodable)");
    }
    return out;
  });
}
