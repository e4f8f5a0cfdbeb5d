import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { SiteHeader } from "@/components/SiteHeader";
import { TRPCReactProvider } from "@/lib/trpc/react";
import { mailDelivery } from "@/server/auth/mailDelivery";
import { getSession } from "@/server/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "GhostSpeak", template: "%s · GhostSpeak" },
  description: "Verify an AI agent's reputation before you hire it.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page shows who is signed in, so none can be rendered ahead of time at build.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
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
      </body>
    </html>
  );
}
