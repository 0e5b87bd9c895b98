// What serving GraphQL needs, without what building the schema needs: the database
// connection (pgServices, PgContextPlugin), the request context (claims as pgSettings, the
// JWT signer, the booking batcher), the query limits and the error masking. The schema
// itself comes from src/graphql/schema.ts (exported ahead of time, or built here).
import type pg from "pg";
import { PgContextPlugin, type WithPgClient } from "postgraphile/@dataplan/pg";
import { defaultMaskError } from "postgraphile/grafserv";
import { GraphQLError } from "postgraphile/graphql";
import { createHash, randomBytes } from "node:crypto";
import { isSafeError } from "postgraphile/grafast";
import { logRetryable, publicError, signedInRequest } from "../errors.ts";
import { log } from "../log.ts";
import { pgSettingsFor, signClaims, type SignableClaims } from "../auth/tokens.ts";
import { coalescedReads, makeOneTripPgService, oneTripWithPgClient } from "./pg-adaptor.ts";
import { GraphQLLimitsPlugin } from "./limits.ts";
import type { Booker } from "../booking/batcher.ts";
import { mayReadFromReplica, onlyBatchedBookings } from "./read-routing.ts";
import type { WithClaims } from "./direct.ts";
import "../server/auth.ts"; // Request.evently (claims verified before GraphQL runs)

/** The PostgreSQL schemas exposed as GraphQL. */
export const GRAPHQL_SCHEMAS = ["evently"];

export function maskError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  const signedIn = typeof original === "object" && original !== null ? (signedInRequest.get(original) ?? false) : false;
  const registered = publicError(original, signedIn);
  if (!registered) return maskUnregistered(error);
  if (registered.code === "EVRTY") logRetryable(log, original);
  return new GraphQLError(registered.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { code: registered.code, status: registered.status, ...(registered.field ? { field: registered.field } : {}) },
  });
}

/**
 * grafserv's defaultMaskError, but the masked error goes to the log (pino, LOG_LEVEL) rather
 * than console.error: one JSON line with the same hash and id the client sees.
 */
function maskUnregistered(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError || isSafeError(original)) return defaultMaskError(error);
  const hash = createHash("sha1").update(String(error)).digest("base64url");
  const errorId = randomBytes(5).toString("hex").toUpperCase();
  log.error({ hash, errorId, path: error.path, err: original }, "masked GraphQL error");
  return new GraphQLError(`An error occurred (logged with hash: '${hash}', id: '${errorId}')`, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: original,
    extensions: { errorId },
  });
}

export interface ServeOptions {
  pool: pg.Pool;
  jwtSecret: string;
  production: boolean;
  /** statement_timeout of every GraphQL request's transaction, e.g. "5s". */
  statementTimeout: string;
  /** The read replica's chooser pool (src/db/replica.ts), when READ_DATABASE_URL is set. */
  readPool?: pg.Pool;
  /** Booking batcher: bookTickets goes through it (src/graphql/booking-batch.ts); undefined: off. */
  booker?: Booker;
}

declare global {
  namespace Grafast {
    interface Context {
      /** The verified caller's user id (the booking batcher books as this user). */
      eventlyUserId?: string;
      /** Batching of bookTickets (src/booking/batcher.ts); absent when turned off. */
      eventlyBooker?: Booker;
      /** Signs evently.jwt_token results (src/graphql/jwt.ts): the secret stays out of the schema. */
      eventlySignJwt?: (claims: SignableClaims) => string;
      /** The primary's withPgClient, for a booking alone in its window (withPgClient may be one that only reads). */
      eventlyWithPgClient?: WithPgClient;
    }
  }
}

export function makeServePreset({ pool, jwtSecret, production, statementTimeout, readPool, booker }: ServeOptions): GraphileConfig.Preset {
  const readWithPgClient = readPool ? oneTripWithPgClient(readPool) : undefined;
  const primaryWithPgClient = oneTripWithPgClient(pool);
  // The payloads of batched bookings, read back by many requests at once (src/graphql/booking-batch.ts).
  const readBack = booker ? coalescedReads(pool, primaryWithPgClient) : undefined;
  const eventlySignJwt = (claims: SignableClaims) => signClaims(claims, jwtSecret);
  return {
    plugins: [PgContextPlugin, GraphQLLimitsPlugin],
    pgServices: [makeOneTripPgService({ pool, schemas: GRAPHQL_SCHEMAS })],
    grafserv: {
      graphqlPath: "/graphql",
      // Subscriptions (eventChanged) over websockets at the same path (graphql-ws protocol).
      websockets: true,
      graphiql: !production,
      graphiqlOnGraphQLGET: !production,
      graphiqlPath: "/graphiql",
      // Ruru (graphiql) is off in production; bodies above 100 kB are refused.
      maxRequestLength: 100_000,
      maskError,
    },
    grafast: {
      context(requestContext, args) {
        // Through Express or its direct path (src/graphql/direct.ts): the claims authenticate verified.
        const claims = (requestContext.expressv4?.req ?? (requestContext.node?.req as WithClaims | undefined))?.evently?.claims;
        const pgSettings = { ...pgSettingsFor(claims), statement_timeout: statementTimeout };
        const eventlyUserId = claims?.user_id;
        const shared = { pgSettings, eventlyUserId, eventlyBooker: booker, eventlySignJwt, eventlyWithPgClient: primaryWithPgClient };
        // Nothing but bookTickets through the batcher: everything else the operation sends is a read.
        if (readBack && eventlyUserId && onlyBatchedBookings(args.document, args.operationName)) {
          return { ...shared, withPgClient: readBack } as unknown as Partial<Grafast.Context>;
        }
        // Replaces the primary's withPgClient that PgContextPlugin put in the context.
        if (readWithPgClient && mayReadFromReplica(args.document, args.operationName, !claims)) {
          return { ...shared, withPgClient: readWithPgClient } as unknown as Partial<Grafast.Context>;
        }
        return shared;
      },
    },
  };
}
