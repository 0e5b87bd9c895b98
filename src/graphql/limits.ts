// GraphQL hardening: a depth limit (graphql-armor's rule, checked with the other validation
// rules and cached with them) and a cap on connection page sizes (first/last, as literals
// or variables), checked before execution. Together with statement_timeout per request
// (preset.ts) and maxRequestLength, one request cannot ask for an unbounded amount of work.
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { GraphQLError, Kind, visit, type DocumentNode } from "postgraphile/graphql";

export const MAX_DEPTH = 10;
export const MAX_PAGE_SIZE = 100;

function pageSizeError(document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | undefined {
  let error: GraphQLError | undefined;
  visit(document, {
    Argument(node) {
      if (error || (node.name.value !== "first" && node.name.value !== "last")) return;
      const value =
        node.value.kind === Kind.INT ? Number(node.value.value)
        : node.value.kind === Kind.VARIABLE ? Number(variables?.[node.value.name.value] ?? 0)
        : 0;
      if (value > MAX_PAGE_SIZE) {
        error = new GraphQLError(`${node.name.value} may be at most ${MAX_PAGE_SIZE}`, { nodes: [node] });
      }
    },
  });
  return error;
}

export const GraphQLLimitsPlugin: GraphileConfig.Plugin = {
  name: "EventlyGraphQLLimitsPlugin",
  version: "1.0.0",
  grafserv: {
    middleware: {
      // grafserv validates (and caches) every document with these rules.
      setPreset(next, event) {
        event.validationRules.push(
          maxDepthRule({
            n: MAX_DEPTH,
            exposeLimits: true,
            propagateOnRejection: false,
            onReject: [(context, error) => context?.reportError(error)],
          }),
        );
        return next();
      },
    },
  },
  grafast: {
    middleware: {
      execute(next, event) {
        const error = pageSizeError(event.args.document, event.args.variableValues);
        return error ? { errors: [error] } : next();
      },
    },
  },
};
