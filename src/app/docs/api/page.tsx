import type { Metadata } from "next";
import { ApiReference } from "@/components/ApiReference";

export const metadata: Metadata = { title: "API reference" };

export default function ApiReferencePage() {
  return (
    <>
      <h1>API reference</h1>
      <p className="lead">
        Every endpoint, parameter, answer and error of the public API, from the live OpenAPI document at{" "}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Try a call with your key from the request panel.
      </p>
      <div className="api-reference">
        <ApiReference />
      </div>
    </>
  );
}
