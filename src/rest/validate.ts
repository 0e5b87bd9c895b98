// Ajv (JSON Schema 2020-12) over the schemas in schemas.ts. Bodies are validated as sent;
// query and path parameters arrive as strings and are coerced to the declared types.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import * as addFormatsModule from "ajv-formats";
import { componentSchemas } from "./schemas.ts";
import { ProblemError } from "./problem.ts";

// ajv-formats is CommonJS: its function arrives as the namespace's default under Node's ESM loader.
const addFormats = addFormatsModule.default as unknown as typeof addFormatsModule.default.default;

const COMPONENTS = "evently:components";

function makeAjv(coerceTypes: boolean): Ajv2020 {
  // strict: false only because the components live under OpenAPI's `components` key,
  // which is not a JSON Schema keyword; every schema is still compiled in full.
  const ajv = new Ajv2020({ strict: false, allErrors: false, verbose: true, coerceTypes, useDefaults: true });
  addFormats(ajv);
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
  const message =
    error.keyword === "additionalProperties" ? `Unknown ${where} field "${field}"`
    : error.keyword === "required" ? `${field} is required`
    : field ? `${field} ${error.message}` : `${where} ${error.message}`;
  throw new ProblemError("EVINV", message, field);
}
