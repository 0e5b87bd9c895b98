// The HTTP server logs in as evently_authenticator (NOINHERIT: no rights of its own)
// and switches to evently_anonymous / evently_user / evently_admin per request.
import pg from "pg";
import { log } from "../log.ts";

export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** Gives evently_authenticator this password and returns its connection string. */
export async function authenticatorUrl(ownerUrl: string, password: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`alter role evently_authenticator with login password ${pg.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  return withCredentials(ownerUrl, "evently_authenticator", password);
}

export async function resolveAuthUrl(opts: {
  ownerUrl: string;
  authUrl?: string;
  embedded: boolean;
  password: () => string;
}): Promise<string> {
  if (opts.authUrl) return opts.authUrl;
  if (opts.embedded) return authenticatorUrl(opts.ownerUrl, opts.password());
  log.warn("AUTH_DATABASE_URL is not set: API requests use DATABASE_URL's login (set AUTH_DATABASE_URL to evently_authenticator in production)");
  return opts.ownerUrl;
}
