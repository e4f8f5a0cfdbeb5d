"use client";

import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { z } from "zod";
import { signInErrorMessage } from "@/lib/signInErrors";

const emailSchema = z.email("Enter a valid email address.");

type State = { kind: "idle" } | { kind: "sending" } | { kind: "sent"; email: string } | { kind: "error"; message: string };

/**
 * Asks for an email address and has next-auth send the magic link, without leaving the page; `defaultEmail` is
 * the address a link asked for (an invite's), already checked.
 */
export function SignInForm({ callbackUrl, outboxHint, defaultEmail }: { callbackUrl: string; outboxHint: boolean; defaultEmail?: string }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [fieldError, setFieldError] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = emailSchema.safeParse(new FormData(event.currentTarget).get("email"));
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message);
      return;
    }
    setFieldError(undefined);
    setState({ kind: "sending" });
    const result = await signIn("email", { email: parsed.data, callbackUrl, redirect: false });
    if (result?.ok && !result.error) setState({ kind: "sent", email: parsed.data });
    else setState({ kind: "error", message: result?.error ? signInErrorMessage(result.error) : "The sign-in link could not be sent. Try again." });
  }

  if (state.kind === "sent") {
    return (
      <div className="alert alert-ok" role="status">
        <p>
          We sent a sign-in link to <strong>{state.email}</strong>. Open it to continue.
        </p>
        {outboxHint && (
          <p>
            This server keeps mail in its development outbox: the link is in the <a href="/dev/outbox">dev outbox</a> for 15 minutes.
          </p>
        )}
      </div>
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <label htmlFor="email">Email address</label>
      <input id="email" name="email" type="email" autoComplete="email" required defaultValue={defaultEmail} aria-invalid={fieldError ? true : undefined} aria-describedby={fieldError ? "email-error" : undefined} />
      {fieldError && (
        <p id="email-error" className="field-error">
          {fieldError}
        </p>
      )}
      {state.kind === "error" && (
        <p className="alert alert-error" role="alert">
          {state.message}
        </p>
      )}
      <button type="submit" className="button" disabled={state.kind === "sending"}>
        {state.kind === "sending" ? "Sending…" : "Email me a sign-in link"}
      </button>
    </form>
  );
}
