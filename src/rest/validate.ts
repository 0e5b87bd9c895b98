// Ajv (JSON Schema 2020-12) over the schemas in schemas.ts. Bodies are validated as sent;
// query and path parameters arrive as strings and are coerced to the declared types.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import * as addFormatsModule from "ajv-formats";
import { componentSchemas, INT32_MAX, INT32_MIN } from "./schemas.ts";
import { ProblemError } from "./problem.ts";

// ajv-formats is CommonJS: its function arrives as the namespace's default under Node's ESM loader.
const addFormats = addFormatsModule.default as unknown as typeof addFormatsModule.default.default;

const COMPONENTS = "evently:components";

/** ajv-formats' check for a format, as a function. */
function formatCheck(ajv: Ajv2020, name: string): (value: string) => boolean {
  const format = ajv.formats[name];
  if (format instanceof RegExp) return (value) => format.test(value);
  if (typeof format === "function") return format as (value: string) => boolean;
  if (format && typeof format === "object" && "validate" in format) {
    const validate = format.validate;
    return validate instanceof RegExp ? (value) => validate.test(value) : (value) => Boolean((validate as (v: string) => boolean)(value));
  }
  throw new Error(`format ${name} is not defined`);
}

/**
 * Dates PostgreSQL can store: RFC 3339's (four-digit years) minus year 0000, which does
 * not exist in PostgreSQL's calendar (1 BC is its year before 0001), and zone offsets beyond
 * ±15:59, which it refuses. Without this such a date reached SQL and failed as a 500.
 */
function pgDates(ajv: Ajv2020): void {
  const dateTime = formatCheck(ajv, "date-time");
  const date = formatCheck(ajv, "date");
  const storableYear = (value: string) => !value.startsWith("0000");
  const storableOffset = (value: string) => {
    const offset = /([+-])(\d\d):?(\d\d)$/.exec(value);
    return !offset || Number(offset[2]) <= 15;
  };
  ajv.addFormat("date-time", (value: string) => dateTime(value) && storableYear(value) && storableOffset(value));
  ajv.addFormat("date", (value: string) => date(value) && storableYear(value));
}

function makeAjv(coerceTypes: boolean): Ajv2020 {
  // strict: false only because the components live under OpenAPI's `components` key,
  // which is not a JSON Schema keyword; every schema is still compiled in full.
  const ajv = new Ajv2020({ strict: false, allErrors: false, verbose: true, coerceTypes, useDefaults: true });
  addFormats(ajv);
  pgDates(ajv);
  ajv.addSchema({ $id: COMPONENTS, components: { schemas: componentSchemas } });
  return ajv;
}

const bodies = makeAjv(false);
const parameters = makeAjv(true);

export function bodyValidator(schema: Record<string, unknown>): ValidateFunction {
  return bodies.compile({ $ref: `${COMPONENTS}#${String(schema.$ref).slice(1)}` });
}

export function parameterValidator(properties: Record<string, unknown>, required: string[]): ValidateFunction {
  return parameters.compile({ type: "object", properties, required, additionalProperties: false });
}

/** The field an Ajv error is about, in the API's snake_case names. */
function fieldOf(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  const name =
    typeof params.additionalProperty === "string" ? params.additionalProperty
    : typeof params.missingProperty === "string" ? params.missingProperty
    : error.instancePath.split("/").filter(Boolean)[0];
  return name;
}

const STRUCTURAL = new Set(["required", "additionalProperties", "const", "oneOf"]);

/**
 * The error to report. For a oneOf (HoldCreate) that no shape matched, Ajv lists each
 * shape's first error: an error about a value (wrong type, bad format) tells the client
 * more than "this shape lacks field X", so it wins; if all are about shape, the oneOf
 * error itself is reported (its schema's description lists the shapes).
 */
function reportedError(errors: ErrorObject[]): ErrorObject {
  const last = errors[errors.length - 1];
  if (last.keyword !== "oneOf") return errors[0];
  return errors.find((error) => !STRUCTURAL.has(error.keyword)) ?? last;
}

/** Throws a 400 problem (EVINV) naming the first offending field. */
export function assertValid(validate: ValidateFunction, value: unknown, where: string): void {
  if (validate(value)) return;
  const error = reportedError(validate.errors!);
  if (error.keyword === "oneOf") {
    const description = (error.parentSchema as { description?: string } | undefined)?.description;
    throw new ProblemError("EVINV", `${where} matches none of the accepted shapes${description ? `. ${description}` : ""}`);
  }
  const field = fieldOf(error);
  const format = (error.params as { format?: string }).format;
  const message =
    error.keyword === "additionalProperties" ? `Unknown ${where} field "${field}"`
    : error.keyword === "required" ? `${field} is required`
    : error.keyword === "format" && (format === "date-time" || format === "date")
      ? `${field ?? where} must be ${format === "date" ? "a date such as 2027-05-01" : "a date-time such as 2027-05-01T20:00:00Z"} (RFC 3339, years 0001 to 9999${format === "date" ? "" : ", zone offsets up to ±15:59"})`
    : (error.keyword === "maximum" || error.keyword === "minimum") && (error.schema === INT32_MAX || error.schema === INT32_MIN)
      ? `${field ?? where} must be a whole number from ${INT32_MIN} to ${INT32_MAX}`
    : field ? `${field} ${error.message}` : `${where} ${error.message}`;
  throw new ProblemError("EVINV", message, field);
}

// Values PostgreSQL cannot store, refused before any SQL runs (400 EVINV naming the field):
// NUL characters (text cannot hold U+0000; jsonb refuses \u0000), unpaired UTF-16
// surrogates (not Unicode: PostgreSQL refuses their escapes) in any string or object key,
// and numbers JSON.parse made infinite (1e400). Out-of-range integers and dates are the
// schemas' business (int32 bounds, the date formats below).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_NESTING = 32;

function stringProblem(value: string): string | undefined {
  if (value.includes("\u0000")) return "must not contain NUL characters (U+0000)";
  if (LONE_SURROGATE.test(value)) return "must be valid Unicode text (it contains an unpaired surrogate)";
  return undefined;
}

/** Throws 400 EVINV for the first value PostgreSQL could not store; `where` is body, query or path. */
export function assertStorable(value: unknown, where: "body" | "query" | "path"): void {
  // Iterative (a 100 kB body can nest 50,000 levels deep); a path is a field name for the client.
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    const name = path || where;
    if (typeof v === "string") {
      const problem = stringProblem(v);
      if (problem) throw new ProblemError("EVINV", `${name} ${problem}`, fieldName(path));
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new ProblemError("EVINV", `${name} must be a finite number`, fieldName(path));
    } else if (v !== null && typeof v === "object") {
      if (depth >= MAX_NESTING) throw new ProblemError("EVINV", `${name} is nested more than ${MAX_NESTING} levels deep`, fieldName(path));
      if (Array.isArray(v)) {
        v.forEach((item, i) => stack.push({ value: item, path: `${path || (where === "body" ? "body" : where)}[${i}]`, depth: depth + 1 }));
      } else {
        for (const [key, item] of Object.entries(v)) {
          const problem = stringProblem(key);
          if (problem) throw new ProblemError("EVINV", `${name}: a key ${problem}`, fieldName(path));
          stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
        }
      }
    }
  }
}

/** The registry's field shape (a name, or name[i].name): the top-level name when deeper. */
function fieldName(path: string): string | undefined {
  if (!path) return undefined;
  if (/^[a-z_]+(\[[0-9]+\](\.[a-z_]+)?)?$/.test(path)) return path;
  const top = /^[a-z_]+/.exec(path)?.[0];
  return top;
}
