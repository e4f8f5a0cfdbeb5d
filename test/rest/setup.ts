/**
 * Runs before every REST test file: each answer a test receives from a suite server (`/api/…` on 127.0.0.1) is
 * checked against the OpenAPI document (responseContract.ts) before the test sees it; a drifting answer makes the
 * call throw, so the test fails.
 */
import { ResponseContract, type OpenApiDocument } from "./responseContract";

const originalFetch = globalThis.fetch;
let contract: Promise<ResponseContract> | undefined;

function contractFrom(origin: string): Promise<ResponseContract> {
  contract ??= originalFetch(`${origin}/api/v1/openapi.json`)
    .then((response) => response.json())
    .then((doc) => new ResponseContract(doc as OpenApiDocument));
  return contract;
}

globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const response = await originalFetch(input, init);
  const url = new URL(input instanceof Request ? input.url : input.toString());
  if (url.hostname !== "127.0.0.1" || !url.pathname.startsWith("/api/")) return response;
  const method = init?.method ?? (input instanceof Request ? input.method : "GET");
  const text = await response.clone().text();
  const errors = (await contractFrom(url.origin)).check(method, url.pathname, response, text);
  if (errors.length > 0) throw new Error(`The answer departs from the OpenAPI document:\n${errors.join("\n")}`);
  return response;
};
