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
  const ajv = new Ajv2020({ strict: false, allErrors: false, coerceTypes, useDefaults: true });
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

/** Throws a 400 problem (EVINV) naming the first offending field. */
export function assertValid(validate: ValidateFunction, value: unknown, where: string): void {
  if (validate(value)) return;
  const error = validate.errors![0];
  const field = fieldOf(error);
  const message =
    error.keyword === "additionalProperties" ? `Unknown ${where} field "${field}"`
    : error.keyword === "required" ? `${field} is required`
    : field ? `${field} ${error.message}` : `${where} ${error.message}`;
  throw new ProblemError("EVINV", message, field);
}
