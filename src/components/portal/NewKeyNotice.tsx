"use client";

import { useState } from "react";

/** A key shown in full the one time it exists outside the caller's hands, with a copy button. */
export function NewKeyNotice({ label, secret, onDismiss }: { label: string; secret: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert alert-ok" role="status">
      <p>
        <strong>{label}</strong> Copy it now: it is shown only once.
      </p>
      <p>
        <code data-testid="new-key">{secret}</code>
      </p>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={async () => {
            await navigator.clipboard.writeText(secret);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy key"}
        </button>
        <button type="button" className="button secondary" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}
