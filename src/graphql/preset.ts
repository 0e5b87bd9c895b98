// PostGraphile v5 preset: the evently schema as GraphQL, JWTs signed for
// evently.jwt_token, claims verified by the HTTP layer (src/server/auth.ts) and passed
// to PostgreSQL as pgSettings, registered SQL errors passed through, all others masked.
import type pg from "pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makeOneTripPgService, oneTripWithPgClient } from "./pg-adaptor.ts";
import { PgJWTPlugin } from "postgraphile/graphile-build-pg";
import { defaultMaskError } from "postgraphile/grafserv";
import { GraphQLError } from "postgraphile/graphql";
import { createHash, randomBytes } from "node:crypto";
import { isSafeError } from "postgraphile/grafast";
import { logRetryable, publicError, signedInRequest } from "../errors.ts";
import { log } from "../log.ts";
import { pgSettingsFor, tokenOptions } from "../auth/tokens.ts";
import { GraphQLLimitsPlugin } from "./limits.ts";
import { makeBookingBatchPlugin } from "./booking-batch.ts";
import type { Booker } from "../booking/batcher.ts";
import { mayReadFromReplica } from "./read-routing.ts";
import { EventChangedPlugin } from "./event-changed.ts";
import "../server/auth.ts"; // Request.evently (claims verified before GraphQL runs)

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

// With no Relay node ids, a column named "id" stays "id" instead of becoming "rowId".
const KeepIdColumnNamePlugin: GraphileConfig.Plugin = {
  name: "EventlyKeepIdColumnNamePlugin",
  version: "1.0.0",
  inflection: {
    replace: {
      _attributeName(previous, _options, details) {
        return previous!.call(this, { ...details, skipRowId: true });
      },
    },
  },
};

export interface PresetOptions {
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
    }
  }
}

export function makePreset({ pool, jwtSecret, production, statementTimeout, readPool, booker }: PresetOptions): GraphileConfig.Preset {
  const readWithPgClient = readPool ? oneTripWithPgClient(readPool) : undefined;
  return {
    extends: [PostGraphileAmberPreset],
    plugins: [PgJWTPlugin, KeepIdColumnNamePlugin, GraphQLLimitsPlugin, EventChangedPlugin, ...(booker ? [makeBookingBatchPlugin(booker)] : [])],
    // Ids are the tables' uuids, the same ones the SQL and REST APIs use (no Relay node ids).
    disablePlugins: ["NodePlugin"],
    pgServices: [makeOneTripPgService({ pool, schemas: ["evently"] })],
    gather: { pgJwtTypes: "evently.jwt_token" },
    schema: {
      pgJwtSecret: jwtSecret,
      pgJwtSignOptions: tokenOptions,
    },
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
        const claims = requestContext.expressv4?.req.evently?.claims;
        const pgSettings = { ...pgSettingsFor(claims), statement_timeout: statementTimeout };
        const eventlyUserId = claims?.user_id;
        // Replaces the primary's withPgClient that PgContextPlugin put in the context.
        if (readWithPgClient && mayReadFromReplica(args.document, args.operationName, !claims)) {
          return { pgSettings, eventlyUserId, withPgClient: readWithPgClient } as unknown as Partial<Grafast.Context>;
        }
        return { pgSettings, eventlyUserId };
      },
    },
  };
}
