// Sends one signed webhook: resolves the host, refuses special addresses (address-policy.ts),
// POSTs to a checked address with a short timeout, never follows redirects, and keeps at
// most 1 kB of the answer.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { lookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { createHmac } from "node:crypto";
import type { AddressPolicy } from "./address-policy.ts";

export const RESPONSE_BODY_CAP = 1024;

/** Standard Webhooks: v1,base64(HMAC-SHA256(key, "id.timestamp.body")), key = base64 after whsec_. */
export function sign(secret: string, messageId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${messageId}.${timestamp}.${body}`).digest("base64")}`;
}

export interface WebhookMessage {
  url: string;
  secret: string;
  messageId: string;
  body: string;
}

export interface SendOptions {
  policy: AddressPolicy;
  /** The whole attempt: resolving, connecting, sending and reading the answer. */
  timeoutMs: number;
}

export interface SendOutcome {
  /** HTTP status of the answer (undefined when none came). */
  status?: number;
  /** At most RESPONSE_BODY_CAP bytes of the answer, as text. */
  body?: string;
  /** Why the attempt failed before or instead of an answer. */
  error?: string;
}

async function checkedAddress(hostname: string, policy: AddressPolicy): Promise<{ address: string; family: number }> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${hostname} has no address`);
  // Every address the name has must be allowed: an attacker's name may mix a public
  // address with a private one and let the client pick.
  for (const { address } of addresses) {
    const refusal = policy.refusal(address);
    if (refusal) throw new Error(`refused: ${hostname} resolves to ${refusal}`);
  }
  return addresses[0];
}

function readCapped(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      if (size < RESPONSE_BODY_CAP) chunks.push(chunk.subarray(0, RESPONSE_BODY_CAP - size));
      size += chunk.length;
      // Enough kept: stop reading a large or endless answer.
      if (size >= RESPONSE_BODY_CAP) res.destroy();
    });
    const done = () => resolve(Buffer.concat(chunks).toString("utf8").replace(/\uFFFD+$/, ""));
    res.on("end", done);
    res.on("close", done);
    res.on("error", (error) => (size >= RESPONSE_BODY_CAP ? done() : reject(error)));
  });
}

export async function sendWebhook(message: WebhookMessage, options: SendOptions, now = new Date()): Promise<SendOutcome> {
  let url: URL;
  try {
    url = new URL(message.url);
  } catch {
    return { error: "refused: the URL does not parse" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { error: `refused: ${url.protocol} is not http or https` };
  if (url.username || url.password) return { error: "refused: credentials in the URL" };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const target = await Promise.race([
      checkedAddress(url.hostname, options.policy),
      new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(new Error("timed out resolving the host")))),
    ]);
    const timestamp = Math.floor(now.getTime() / 1000);
    const headers = {
      "content-type": "application/json",
      "user-agent": "Evently-Webhooks/1",
      "webhook-id": message.messageId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": sign(message.secret, message.messageId, timestamp, message.body),
      "content-length": String(Buffer.byteLength(message.body)),
    };
    // The connection goes to the address just checked, whatever DNS says next.
    const pinned: LookupFunction = (_host, opts, callback) => {
      if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [target]);
      else callback(null, target.address, target.family);
    };
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return await new Promise<SendOutcome>((resolve) => {
      const req = send(url, { method: "POST", headers, lookup: pinned, signal: controller.signal, agent: false }, (res) => {
        readCapped(res).then(
          (body) => resolve({ status: res.statusCode, body }),
          (error: Error) => resolve({ status: res.statusCode, error: `reading the answer: ${error.message}` }),
        );
      });
      req.on("error", (error) =>
        resolve({ error: controller.signal.aborted ? `timed out after ${options.timeoutMs} ms` : error.message }));
      req.end(message.body);
    });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
