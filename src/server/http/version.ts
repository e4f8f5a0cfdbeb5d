import pkg from "../../../package.json" with { type: "json" };

/** The product version reported by /api/health and the OpenAPI document. */
export const version: string = pkg.version;
