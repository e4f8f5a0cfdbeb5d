/**
 * Prism-style response validation: every answer the REST suite receives from one of its servers is checked against
 * `/api/v1/openapi.json` — status declared for the operation, content type, body schema (JSON Schema 2020-12, as
 * OpenAPI 3.1 defines it) and the headers the document marks required. An answer that drifts from the document
 * fails the test that received it. Installed once for every test file (test/rest/setup.ts), by wrapping `fetch`.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Header = { required?: boolean; schema?: object };
type ResponseSpec = { headers?: Record<string, Header>; content?: Record<string, { schema?: object }> };
type Operation = { responses: Record<string, ResponseSpec> };
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

const DOC_ID = "openapi.json";
const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

export class ResponseContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: { template: string; pattern: RegExp }[];

  constructor(private readonly doc: OpenApiDocument) {
    addFormats.default(this.ajv);
    this.ajv.addSchema(doc as object, DOC_ID);
    this.routes = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    }));
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOC_ID}#${ref}` });
      this.compiled.set(ref, validate);
    }
    return validate;
  }

  private checkSchema(ref: string, value: unknown, what: string): string[] {
    const validate = this.validator(ref);
    if (validate(value)) return [];
    return [`${what} does not match the document: ${this.ajv.errorsText(validate.errors)}`];
  }

  /** Every way the answer departs from the document; empty when it conforms. */
  check(method: string, pathname: string, response: { status: number; headers: Headers }, text: string): string[] {
    const route = this.routes.find((r) => r.pattern.test(pathname));
    // HEAD is answered like GET without a body (SPEC §2).
    const operationMethod = method.toLowerCase() === "head" ? "get" : method.toLowerCase();
    const operation = route && this.doc.paths[route.template][operationMethod];
    const contentType = (response.headers.get("content-type") ?? "").split(";")[0].trim();
    if (!route || !operation) {
      // Routing answers (unknown route, wrong method) and routes outside the public document: only their problems.
      if (contentType !== "application/problem+json") return [];
      return this.checkSchema("/components/schemas/Problem", JSON.parse(text), `${method} ${pathname} ${response.status} problem`);
    }
    const where = `${method} ${route.template} → ${response.status}`;
    const spec = operation.responses[String(response.status)];
    if (!spec) return [`${where}: the status is not documented`];
    const errors: string[] = [];
    for (const [name, header] of Object.entries(spec.headers ?? {})) {
      if (header.required && !response.headers.has(name)) errors.push(`${where}: the required header ${name} is missing`);
    }
    const ref = pointer("", "paths", route.template, operationMethod, "responses", String(response.status), "content", contentType, "schema");
    if (!spec.content) {
      if (text !== "") errors.push(`${where}: a body where the document declares none`);
    } else if (method.toUpperCase() !== "HEAD") {
      if (!spec.content[contentType]) errors.push(`${where}: content type ${contentType || "(none)"} is not among ${Object.keys(spec.content).join(", ")}`);
      else errors.push(...this.checkSchema(ref, JSON.parse(text), `${where} body`));
    }
    return errors;
  }
}
