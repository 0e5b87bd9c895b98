// JWTs: PostgreSQL decides who you are (evently.authenticate returns the claims);
// this module only signs and verifies them.
import { createSecretKey, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { LRU } from "@graphile/lru";

export const tokenOptions = { audience: "evently", issuer: "evently", algorithm: "HS256" } as const;

const ROLES = new Set(["evently_user", "evently_admin"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Claims {
  role: "evently_user" | "evently_admin";
  user_id: string;
  exp: number;
}

export class InvalidTokenError extends Error {
  readonly code = "EVTOK";
  readonly status = 401;
  /** Signed with another secret (checked before expiry and claims). */
  badSignature = false;
}

// jsonwebtoken turns a string secret into a key on every call, first trying (and failing,
// with a thrown error) to read it as a public key: the key object is made once per secret.
const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret));
    keys.set(secret, key);
  }
  return key;
}

/**
 * Verifies with the current secret and, during a rotation, with the previous one
 * (JWT_SECRET_PREVIOUS): tokens issued before the rotation keep working until their own
 * exp, so nobody is logged out at once. New tokens are signed with the current secret only.
 */
export function verifyToken(token: string, secret: string, previousSecret?: string): Claims {
  try {
    return verifyWith(token, secret);
  } catch (error) {
    // Only a signature that does not match may be tried again: an expired or malformed
    // token stays refused whichever secret signed it.
    if (!previousSecret || previousSecret === secret || !(error instanceof InvalidTokenError) || !error.badSignature) throw error;
    return verifyWith(token, previousSecret);
  }
}

// A client sends the same token with every request until it expires: its signature and
// claims are checked once per process and secret, then only its expiry (jsonwebtoken's
// verify was about 5 % of the app's CPU per booking). Keyed by the whole token, signature
// included, so only a token that passed verification with this secret is found.
const VERIFIED_PER_SECRET = 5000;
const verified = new Map<string, LRU<string, Claims>>();

function verifyWith(token: string, secret: string): Claims {
  let cache = verified.get(secret);
  if (!cache) {
    cache = new LRU({ maxLength: VERIFIED_PER_SECRET });
    verified.set(secret, cache);
  }
  const known = cache.get(token);
  // Expired as jsonwebtoken counts it (now >= exp): verified again, which says so.
  if (known && Math.floor(Date.now() / 1000) < known.exp) return known;
  const claims = verifyUncached(token, secret);
  cache.set(token, claims);
  return claims;
}

function verifyUncached(token: string, secret: string): Claims {
  let payload: unknown;
  try {
    payload = jwt.verify(token, keyFor(secret), {
      audience: tokenOptions.audience,
      issuer: tokenOptions.issuer,
      algorithms: [tokenOptions.algorithm],
    });
  } catch (error) {
    const expired = error instanceof jwt.TokenExpiredError;
    const invalid = new InvalidTokenError(expired ? "Token expired: sign in again" : "Invalid token");
    invalid.badSignature = error instanceof jwt.JsonWebTokenError && error.message === "invalid signature";
    throw invalid;
  }
  if (
    typeof payload !== "object" || payload === null ||
    !("role" in payload) || typeof payload.role !== "string" || !ROLES.has(payload.role) ||
    !("user_id" in payload) || typeof payload.user_id !== "string" || !UUID.test(payload.user_id) ||
    !("exp" in payload) || typeof payload.exp !== "number"
  ) {
    throw new InvalidTokenError("Invalid token claims");
  }
  return { role: payload.role as Claims["role"], user_id: payload.user_id, exp: payload.exp };
}

export function signToken(claims: Claims, secret: string): string {
  return jwt.sign(claims, keyFor(secret), tokenOptions);
}

/** An evently.jwt_token row as PostgreSQL returns it (exp, a bigint, may come as text). */
export interface SignableClaims {
  role: string | null;
  user_id: string | null;
  exp: string | number | null;
}

/** Signs what evently.authenticate returned, as PostGraphile's JWT plugin would (1 day when exp is missing). */
export function signClaims(claims: SignableClaims, secret: string): string {
  const exp = claims.exp == null || claims.exp === "" ? undefined : Number(claims.exp);
  return jwt.sign({ role: claims.role, user_id: claims.user_id, exp }, keyFor(secret), exp === undefined ? { ...tokenOptions, expiresIn: "1 day" } : tokenOptions);
}

/** Claims from an `Authorization: Bearer …` header; undefined when there is none. */
export function claimsFromHeader(header: string | undefined, secret: string, previousSecret?: string): Claims | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new InvalidTokenError("Authorization header must be 'Bearer <token>'");
  return verifyToken(match[1], secret, previousSecret);
}

/** The settings a request runs with in PostgreSQL (set_config(..., true) per transaction). */
export function pgSettingsFor(claims: Claims | undefined): Record<string, string> {
  return claims
    ? { role: claims.role, "jwt.claims.user_id": claims.user_id }
    : { role: "evently_anonymous" };
}
