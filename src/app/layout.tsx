import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { SentryBrowser } from "@/components/SentryBrowser";
import { ProductAnalytics } from "@/components/ProductAnalytics";
import { SiteHeader } from "@/components/SiteHeader";
import { TRPCReactProvider } from "@/lib/trpc/react";
import { mailDelivery } from "@/server/auth/mailDelivery";
import { getSession } from "@/server/auth/session";
import { browserSentrySettings } from "@/server/observability/settings";
import "./globals.css";

const description = "Verify an AI agent's reputation before you hire it.";

export const metadata: Metadata = {
  title: { default: "GhostSpeak", template: "%s · GhostSpeak" },
  description,
  // Share cards need absolute URLs: the portal's public address (the server sets it to where it listens by default).
  metadataBase: new URL(process.env.NEXTAUTH_URL ?? "http://localhost:3000"),
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
  manifest: "/site.webmanifest",
  openGraph: {
    type: "website",
    siteName: "GhostSpeak",
    title: "GhostSpeak",
    description,
    images: [{ url: "/og.png", width: 1200, height: 630, alt: "GhostSpeak: verify an AI agent's reputation before you hire it." }],
  },
  twitter: { card: "summary_large_image" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page shows who is signed in, so none can be rendered ahead of time at build.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  // Read per request (the portal is built before it is configured); without it no Sentry code reaches the browser.
  const sentry = browserSentrySettings();
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <TRPCReactProvider>
          <SiteHeader session={session} showOutbox={mailDelivery() === "outbox"} />
          <main id="main">
            <div className="inner">{children}</div>
          </main>
        </TRPCReactProvider>
        <footer className="site-footer">
          <div className="inner">GhostSpeak — reputation for AI agents.</div>
        </footer>
        {/* One place for outcome toasts; in the root layout so a toast outlives a navigation (e.g. after deleting a team). */}
        <Toaster theme="dark" position="bottom-right" closeButton />
        {sentry && <SentryBrowser dsn={sentry.dsn} environment={sentry.environment} release={sentry.release} />}
        {/* posthog-js, only with POSTHOG_KEY and without DNT / Global Privacy Control (renders nothing otherwise). */}
        <ProductAnalytics session={session} />
      </body>
    </html>
  );
}
