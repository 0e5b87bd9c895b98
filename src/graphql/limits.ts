// GraphQL hardening: one request cannot ask for an unbounded amount of work or memory.
// - a depth limit (graphql-armor's rule, checked with the other validation rules and cached with them);
// - every connection is paged: a connection field given neither `first` nor `last` gets
//   `first: MAX_PAGE_SIZE` (the document is rewritten once per cached document), and a
//   `first`/`last` variable that is null gets the same;
// - page sizes are 0 to MAX_PAGE_SIZE and offsets 0 to MAX_OFFSET (EVINV below 0, EVQRY above);
// - a node budget: the rows a query can return, counted over every alias, fragment and nested
//   connection (a nested page multiplies by its parent's), at most MAX_NODES, and at most
//   MAX_FIELDS field selections in the document, fragments expanded (aliases of cheap fields included) (EVQRY).
// Together with statement_timeout per request (preset.ts) and maxRequestLength, responses
// stay bounded (about MAX_NODES rows). Errors carry extensions.code, as the SQL ones do.
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import {
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "postgraphile/graphql";
import { errorCodes, signedInRequest } from "../errors.ts";

export const MAX_DEPTH = 10;
export const MAX_PAGE_SIZE = 100;
/** The page a connection gets when the query gives neither first nor last. */
export const DEFAULT_PAGE_SIZE = MAX_PAGE_SIZE;
export const MAX_OFFSET = 10_000;
/** Rows one query may return in all: ten full pages (e.g. ten aliases of allEvents). */
export const MAX_NODES = 1_000;
/** Field selections one query may make, fragments expanded (not multiplied by page sizes). */
export const MAX_FIELDS = 1_000;

function limitError(code: "EVQRY" | "EVINV", message: string, node?: FieldNode | ArgumentNode): GraphQLError {
  return new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { code, status: errorCodes.get(code)!.status } });
}

const PAGING = new Set(["first", "last"]);

/** The document with `first: DEFAULT_PAGE_SIZE` on every connection field that has neither first nor last. */
function withDefaultPages(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        // A connection (tables, relations, set-returning functions) takes `first`.
        if (!def || !def.args.some((a) => a.name === "first")) return undefined;
        if (node.arguments?.some((a) => PAGING.has(a.name.value))) return undefined;
        const first: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: "first" },
          value: { kind: Kind.INT, value: String(DEFAULT_PAGE_SIZE) },
        };
        return { ...node, arguments: [...(node.arguments ?? []), first] };
      },
    }),
  );
}

const paged = new WeakMap<DocumentNode, DocumentNode>();

function pagedDocument(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  let result = paged.get(document);
  if (!result) {
    result = withDefaultPages(schema, document);
    paged.set(document, result);
  }
  return result;
}

function argumentValue(node: ArgumentNode, variables: Record<string, unknown>): unknown {
  if (node.value.kind === Kind.INT) return Number(node.value.value);
  if (node.value.kind === Kind.NULL) return null;
  if (node.value.kind === Kind.VARIABLE) return variables[node.value.name.value] ?? null;
  return undefined; // other kinds fail GraphQL's own validation
}

interface Cost {
  nodes: number;
  fields: number;
}

/**
 * Checks page sizes and the node budget of the operation that will run; fills null
 * first/last variables with the default page. Returns the first error, if any.
 */
function checkOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): GraphQLError | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return undefined; // grafast reports it
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  let error: GraphQLError | undefined;
  const fragmentCost = new Map<string, Cost>();

  // Rows a field returns per parent row: its page size for a connection, otherwise 1.
  const pageOf = (field: FieldNode): number => {
    let size: number | undefined;
    let pagedField = false;
    for (const arg of field.arguments ?? []) {
      const name = arg.name.value;
      if (!PAGING.has(name) && name !== "offset") continue;
      let value = argumentValue(arg, variables);
      if (PAGING.has(name)) pagedField = true;
      if (value === null && PAGING.has(name) && arg.value.kind === Kind.VARIABLE) {
        // A null variable means "no limit" to PostGraphile: the default page instead,
        // unless the other of first/last bounds the field.
        const other = field.arguments!.find((a) => PAGING.has(a.name.value) && a !== arg);
        if (!other || argumentValue(other, variables) === null) {
          variables[arg.value.name.value] = DEFAULT_PAGE_SIZE;
          value = DEFAULT_PAGE_SIZE;
        }
      }
      if (typeof value !== "number") continue;
      const max = name === "offset" ? MAX_OFFSET : MAX_PAGE_SIZE;
      if (value < 0) error ??= limitError("EVINV", `${name} must be between 0 and ${max}`, arg);
      else if (value > max) error ??= limitError("EVQRY", `${name} may be at most ${max}`, arg);
      else if (name !== "offset") size = Math.max(size ?? 0, value);
    }
    return pagedField ? (size ?? DEFAULT_PAGE_SIZE) : 1;
  };

  const costOf = (selectionSet: SelectionSetNode | undefined, visiting: Set<string>): Cost => {
    const cost: Cost = { nodes: 0, fields: 0 };
    for (const selection of selectionSet?.selections ?? []) {
      let inner: Cost;
      if (selection.kind === Kind.FIELD) {
        const page = pageOf(selection);
        const isPaged = selection.arguments?.some((a) => PAGING.has(a.name.value)) ?? false;
        if (!isPaged) {
          const child = costOf(selection.selectionSet, visiting);
          inner = { nodes: child.nodes, fields: 1 + child.fields };
        } else {
          // A connection's rows (when nodes or edges are asked for: fragments count as if
          // they were), everything below them once per row; totalCount and pageInfo once.
          const all = selection.selectionSet?.selections ?? [];
          const isRowPart = (s: (typeof all)[number]) => s.kind !== Kind.FIELD || s.name.value === "nodes" || s.name.value === "edges";
          const rowPart = all.filter(isRowPart);
          const perRow = costOf({ kind: Kind.SELECTION_SET, selections: rowPart }, visiting);
          const once = costOf({ kind: Kind.SELECTION_SET, selections: all.filter((s) => !isRowPart(s)) }, visiting);
          inner = {
            nodes: (rowPart.length > 0 ? page : 0) + page * perRow.nodes + once.nodes,
            fields: 1 + perRow.fields + once.fields,
          };
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = costOf(selection.selectionSet, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue; // cycles fail validation
        let known = fragmentCost.get(name);
        if (!known) {
          known = costOf(fragment.selectionSet, new Set([...visiting, name]));
          fragmentCost.set(name, known);
        }
        inner = known;
      }
      cost.nodes += inner.nodes;
      cost.fields += inner.fields;
    }
    return cost;
  };

  const cost = costOf(operation.selectionSet, new Set());
  if (error) return error;
  if (cost.nodes > MAX_NODES) {
    return limitError(
      "EVQRY",
      `This query could return ${cost.nodes} rows (pages multiplied over aliases and nested connections); the limit is ${MAX_NODES}. Ask for smaller pages or fewer aliases.`,
    );
  }
  if (cost.fields > MAX_FIELDS) {
    return limitError("EVQRY", `This query selects ${cost.fields} fields in all (aliases and fragments expanded); the limit is ${MAX_FIELDS}.`);
  }
  return undefined;
}

/** Records, for maskError, whether the request of each error was signed in (401 vs 403 for permission denied). */
function noteCaller<T>(result: T, signedIn: boolean): T {
  const errors = (result as { errors?: readonly GraphQLError[] } | null)?.errors;
  for (const error of errors ?? []) {
    if (error.originalError && typeof error.originalError === "object") signedInRequest.set(error.originalError, signedIn);
  }
  return result;
}

export const GraphQLLimitsPlugin: GraphileConfig.Plugin = {
  name: "EventlyGraphQLLimitsPlugin",
  version: "1.1.0",
  grafserv: {
    middleware: {
      // grafserv validates (and caches) every document with these rules.
      setPreset(next, event) {
        event.validationRules.push(
          maxDepthRule({
            n: MAX_DEPTH,
            exposeLimits: true,
            propagateOnRejection: false,
            onReject: [
              (context, error) =>
                context?.reportError(
                  new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: "EVQRY", status: errorCodes.get("EVQRY")!.status } }),
                ),
            ],
          }),
        );
        return next();
      },
    },
  },
  grafast: {
    middleware: {
      execute(next, event) {
        const args = event.args;
        args.document = pagedDocument(args.schema, args.document);
        const variables = { ...(args.variableValues ?? {}) };
        const error = checkOperation(args.document, args.operationName, variables);
        if (error) return { errors: [error] };
        args.variableValues = variables;
        const signedIn = Boolean((args.contextValue as Grafast.Context | undefined)?.eventlyUserId);
        const result = next();
        return result instanceof Promise ? result.then((r) => noteCaller(r, signedIn)) : noteCaller(result, signedIn);
      },
    },
  },
};
