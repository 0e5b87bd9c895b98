// Imported first by every entry point: Grafast reads GRAPHILE_ENV when it loads.
process.env.GRAPHILE_ENV ??= process.env.NODE_ENV === "production" ? "production" : "development";
// Behind a transaction-mode pooler, PostGraphile's own adaptor (introspection) must not
// prepare named statements either; @dataplan/pg reads this when it loads.
if (process.env.AUTH_DATABASE_POOLER === "transaction") process.env.DATAPLAN_PG_PREPARED_STATEMENT_CACHE_SIZE ??= "0";
// One sentence, not a stack trace, for startup failures a person can fix.
import "./fatal.ts";
