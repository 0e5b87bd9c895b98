// PostGraphile v5 preset that builds the schema: the evently schema as GraphQL. Built with
// { extends: [schemaPreset(variant), <serve-preset.ts>] }, the serving preset giving the connection.
// Loaded only where the schema is built: the export
// (src/cli/export-graphql-schema.ts) and GRAPHQL_SCHEMA=live; an API process serving the
// exported schema never loads graphile-build (src/graphql/schema.ts says why).
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PgJWTPlugin } from "postgraphile/graphile-build-pg";
import { EventlyJwtPlugin } from "./jwt.ts";
import { BookingBatchPlugin } from "./booking-batch.ts";
import { EventChangedPlugin } from "./event-changed.ts";
import type { SchemaVariant } from "./schema.ts";

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

/** The plugins and options that shape the schema (not how it is served), for a variant (schema.ts). */
export function schemaPreset(variant: SchemaVariant): GraphileConfig.Preset {
  return {
    extends: [PostGraphileAmberPreset],
    plugins: [PgJWTPlugin, EventlyJwtPlugin, KeepIdColumnNamePlugin, EventChangedPlugin, ...(variant.bookingBatch ? [BookingBatchPlugin] : [])],
    // Ids are the tables' uuids, the same ones the SQL and REST APIs use (no Relay node ids).
    disablePlugins: ["NodePlugin"],
    gather: { pgJwtTypes: "evently.jwt_token" },
  };
}
