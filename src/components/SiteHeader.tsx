import Link from "next/link";
import type { Session } from "next-auth";
import { SignOutButton } from "./SignOutButton";

/** Top navigation: what a visitor may open, and who is signed in. */
export function SiteHeader({ session, showOutbox }: { session: Session | null; showOutbox: boolean }) {
  return (
    <header className="site-header">
      <div className="inner">
        <Link href="/" className="brand">
          GhostSpeak
        </Link>
        <nav className="nav" aria-label="Main">
          <Link href="/docs">API docs</Link>
          {showOutbox && <Link href="/dev/outbox">Dev outbox</Link>}
          {session ? (
            <>
              <Link href="/dashboard">Dashboard</Link>
              <span className="muted">{session.user.email}</span>
              <SignOutButton />
            </>
          ) : (
            <Link href="/signin" className="button">
              Sign in
            </Link>
          )}
        </nav>
      </div>
    </header>
  );
}
