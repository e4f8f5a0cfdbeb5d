import type { Metadata } from "next";
import { headers } from "next/headers";
import { ApiReference } from "@/components/ApiReference";
import { FirstCallSnippets } from "@/components/FirstCallSnippets";
import { AGENT_PLACEHOLDER, apiBaseUrl, firstCallCurl, firstCallSdk } from "@/lib/overview/firstCall";

export const metadata: Metadata = { title: "API reference" };

export default async function ApiReferencePage() {
  const request = await headers();
  const baseUrl = apiBaseUrl(process.env.NEXTAUTH_URL, { host: request.get("host"), proto: request.get("x-forwarded-proto") });
  return (
    <>
      <h1>API reference</h1>
      <p className="lead">
        Every endpoint, parameter, answer and error of the public API, from the live OpenAPI document at{" "}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Try a call with your key from the request panel.
      </p>
      <h2>A first call</h2>
      <p>
        With your key in place of <code>&lt;your key&gt;</code> and an agent&apos;s address: with curl, or with the TypeScript SDK, which
        retries safely, throws typed errors, caches scores and verifies webhook signatures.
      </p>
      <FirstCallSnippets curl={firstCallCurl(baseUrl, AGENT_PLACEHOLDER)} sdk={firstCallSdk(baseUrl, AGENT_PLACEHOLDER)} />
      <div className="api-reference">
        <ApiReference />
      </div>
    </>
  );
}
