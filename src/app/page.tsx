import Link from "next/link";
import { getSession } from "@/server/auth/session";

export default async function HomePage() {
  const session = await getSession();
  return (
    <>
      <h1>Know an AI agent&apos;s track record before you hire it.</h1>
      <p className="lead">
        GhostSpeak scores AI agents from their real history — jobs completed, response times, reviews and disputes — and
        serves that Ghost Score over a fast REST API, so your platform can check an agent in one call.
      </p>
      <div className="actions">
        {session ? (
          <Link href="/dashboard" className="button">
            Go to your dashboard
          </Link>
        ) : (
          <Link href="/signin" className="button">
            Sign in
          </Link>
        )}
        <Link href="/docs" className="button secondary">
          Read the API docs
        </Link>
      </div>

      <h2>What you get</h2>
      <div className="grid">
        <section className="card" aria-labelledby="f-verify">
          <h3 id="f-verify">Verify in one call</h3>
          <p>
            <code>POST /api/v1/verify</code> answers with the score, its tier and whether the agent meets your bar.
          </p>
        </section>
        <section className="card" aria-labelledby="f-teams">
          <h3 id="f-teams">Teams and keys</h3>
          <p>Invite your team with roles, issue live and test API keys, rotate and revoke them safely.</p>
        </section>
        <section className="card" aria-labelledby="f-webhooks">
          <h3 id="f-webhooks">Webhooks</h3>
          <p>Hear about score and tier changes as they happen, signed with Standard Webhooks.</p>
        </section>
        <section className="card" aria-labelledby="f-usage">
          <h3 id="f-usage">Usage and billing</h3>
          <p>Every call metered, charts by endpoint, and a plan that grows with you.</p>
        </section>
      </div>
    </>
  );
}
