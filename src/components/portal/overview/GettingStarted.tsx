import Link from "next/link";
import { FirstCallSnippets } from "@/components/FirstCallSnippets";

type Props = {
  teamId: string;
  /** Billing viewers cannot manage keys: their steps point to someone who can. */
  canManageKeys: boolean;
  hasActiveKey: boolean;
  hasCalls: boolean;
  /** The first call with curl and with the SDK (src/lib/overview/firstCall.ts). */
  curl: string;
  sdk: string;
};

function Status({ done }: { done: boolean }) {
  return <span className={done ? "badge step-done" : "badge"}>{done ? "Done" : "To do"}</span>;
}

/** First steps until the team has made a call; then one line, with the first call still at hand. */
export function GettingStarted({ teamId, canManageKeys, hasActiveKey, hasCalls, curl, sdk }: Props) {
  const firstCall = <FirstCallSnippets curl={curl} sdk={sdk} />;
  if (hasCalls) {
    return (
      <section aria-labelledby="getting-started-heading" className="getting-started-done">
        <h2 id="getting-started-heading">Getting started</h2>
        <p>
          <Status done /> Your team is calling the API. <Link href="/docs/api">API reference</Link>
        </p>
        <details>
          <summary>Show the first call again</summary>
          {firstCall}
        </details>
      </section>
    );
  }
  return (
    <section aria-labelledby="getting-started-heading">
      <h2 id="getting-started-heading">Getting started</h2>
      <ol className="steps">
        <li>
          <Status done={hasActiveKey} /> <strong>Create an API key.</strong>{" "}
          {canManageKeys ? (
            <Link href={`/t/${teamId}/keys`}>Create a key</Link>
          ) : (
            <span className="muted">Owners, admins and members create keys; ask one of them for one.</span>
          )}
        </li>
        <li>
          <Status done={hasCalls} /> <strong>Make a first call</strong> with the key in place of <code>&lt;your key&gt;</code>:
          {firstCall}
        </li>
        <li>
          <strong>Then read the API reference:</strong> <Link href="/docs/api">every endpoint, its answers and errors</Link>.
        </li>
      </ol>
    </section>
  );
}
