// evently.jwt_token as a signed JWT scalar, like PostGraphile's PgJWTPlugin, except that the
// token is signed with the secret from the request's context (eventlySignJwt, see
// serve-preset.ts) instead of one baked into the schema: the exported schema
// (src/graphql/schema.ts) holds no secret, and a rotated JWT_SECRET needs no new export.
// PgJWTPlugin stays loaded for its gather step (it marks the type "jwt"); without
// schema.pgJwtSecret it registers no scalar of its own.
import { EXPORTABLE } from "postgraphile/graphile-build";
import { context, lambda, type ExecutableStep } from "postgraphile/grafast";
import type { PgClassSingleStep } from "postgraphile/@dataplan/pg";
import type { SignableClaims } from "../auth/tokens.ts";

const signWithContext = EXPORTABLE(
  () =>
    function signWithContext([claims, sign]: readonly [SignableClaims | null, ((claims: SignableClaims) => string) | undefined]) {
      if (claims == null) return null;
      if (!sign) throw new Error("GraphQL context has no eventlySignJwt");
      return sign(claims);
    },
  [],
);

export const EventlyJwtPlugin: GraphileConfig.Plugin = {
  name: "EventlyJwtPlugin",
  version: "1.0.0",
  after: ["PgJWTPlugin"],
  before: ["PgCodecsPlugin", "PgTablesPlugin"],
  schema: {
    hooks: {
      init(_, build) {
        const jwtCodec = Object.values(build.input.pgRegistry.pgCodecs).find((codec) => build.behavior.pgCodecMatches(codec, "jwt"));
        if (!jwtCodec) return _;
        const typeName = build.inflection.tableType(jwtCodec);
        build.registerScalarType(
          typeName,
          { isPgJwtType: true, pgCodec: jwtCodec },
          () => ({
            description: build.wrapDescription(
              "A JSON Web Token defined by [RFC 7519](https://tools.ietf.org/html/rfc7519) which securely represents claims between two parties.",
              "type",
            ),
            serialize: EXPORTABLE(() => (token: unknown) => token, []),
            extensions: {
              grafast: {
                plan: EXPORTABLE(
                  (context, lambda, signWithContext) =>
                    function plan($in: ExecutableStep) {
                      const $record = ($in as PgClassSingleStep).record();
                      return lambda([$record, context().get("eventlySignJwt")], signWithContext as never);
                    },
                  [context, lambda, signWithContext],
                ),
              },
            },
          }),
          "JWT scalar signed with the context's secret (EventlyJwtPlugin)",
        );
        build.setGraphQLTypeForPgCodec(jwtCodec, "output", typeName);
        return _;
      },
    },
  },
};
