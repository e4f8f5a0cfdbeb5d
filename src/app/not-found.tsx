import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

/** The portal's own 404 (Next's default paints a white page over the dark theme, unreadable with our header). */
export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p className="lead">Nothing is at this address. It may have moved, or the team may not be yours to see.</p>
      <p>
        <Link href="/">Home</Link> · <Link href="/dashboard">Dashboard</Link> · <Link href="/docs">API docs</Link>
      </p>
    </>
  );
}
