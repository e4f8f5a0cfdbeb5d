"use client";
/**
 * The interactive API reference (Scalar), rendered in the browser from `/api/v1/openapi.json`, the document the
 * server generates from its zod schemas. Client-only: Scalar is a Vue app in a React wrapper that needs the DOM.
 * Configured to load nothing from outside the site (no web fonts, no telemetry, no proxy, no hosted AI agent):
 * the page's CSP would refuse it, and a customer's docs should not call third parties.
 */
import "@scalar/api-reference-react/style.css";
import dynamic from "next/dynamic";

const ApiReferenceReact = dynamic(() => import("@scalar/api-reference-react").then((m) => m.ApiReferenceReact), {
  ssr: false,
  loading: () => <p>Loading the API reference…</p>,
});

export function ApiReference() {
  return (
    <ApiReferenceReact
      configuration={{
        url: "/api/v1/openapi.json",
        withDefaultFonts: false,
        telemetry: false,
        showDeveloperTools: "never",
        hideDarkModeToggle: true,
        darkMode: false,
        defaultOpenAllTags: true,
        agent: { disabled: true },
      }}
    />
  );
}
