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

/**
 * The portal's palette (globals.css) on Scalar's dark theme. The selector is doubled to outrank the theme's own
 * `.dark-mode` rules, which come later in the page for some variables (its display-p3 block).
 */
const portalTheme = `
.dark-mode.dark-mode {
  --scalar-font: var(--font);
  --scalar-font-code: var(--mono);
  --scalar-radius: 6px;
  --scalar-radius-lg: var(--radius);
  --scalar-background-1: var(--bg);
  --scalar-background-2: var(--panel);
  --scalar-background-3: var(--border);
  --scalar-background-accent: color-mix(in srgb, var(--accent), transparent 88%);
  --scalar-color-1: var(--text);
  --scalar-color-2: var(--muted);
  --scalar-color-3: color-mix(in srgb, var(--muted), var(--bg) 25%);
  --scalar-color-accent: var(--accent);
  --scalar-color-green: var(--ok);
  --scalar-color-red: var(--danger);
  --scalar-border-color: var(--border);
  --scalar-link-color: var(--accent);
  --scalar-link-color-hover: var(--text);
  --scalar-button-1: var(--accent);
  --scalar-button-1-hover: color-mix(in srgb, var(--accent), var(--text) 15%);
  --scalar-button-1-color: var(--accent-text);
  --scalar-sidebar-background-1: var(--bg);
  --scalar-sidebar-item-hover-background: var(--panel);
  --scalar-sidebar-item-active-background: var(--panel);
  --scalar-sidebar-color-active: var(--accent);
}
`;

export function ApiReference() {
  return (
    <ApiReferenceReact
      configuration={{
        url: "/api/v1/openapi.json",
        withDefaultFonts: false,
        telemetry: false,
        showDeveloperTools: "never",
        // Dark like the rest of the portal, whatever the visitor's system prefers, with no switch to leave it.
        forceDarkModeState: "dark",
        darkMode: true,
        hideDarkModeToggle: true,
        customCss: portalTheme,
        defaultOpenAllTags: true,
        agent: { disabled: true },
      }}
    />
  );
}
