import Link from "next/link";
import type { Session } from "next-auth";
import { NavLink } from "./NavLink";
import { SignOutButton } from "./SignOutButton";

/** Top navigation: what a visitor may open, and who is signed in. */
export function SiteHeader({ session, showOutbox }: { session: Session | null; showOutbox: boolean }) {
  return (
    <header className="site-header">
      <div className="inner">
        <Link href="/" className="brand">
          {/* Decorative: the link's name is the word beside it. */}
          <img src="/logo.svg" alt="" width={20} height={26} />
          GhostSpeak
        </Link>
        <nav className="nav" aria-label="Main">
          <NavLink href="/docs">API docs</NavLink>
          {showOutbox && <NavLink href="/dev/outbox">Dev outbox</NavLink>}
          {session ? (
            <>
              <NavLink href="/dashboard">Dashboard</NavLink>
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
