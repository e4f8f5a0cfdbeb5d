"use client";

import { signIn } from "next-auth/react";

export function GitHubSignInButton({ callbackUrl }: { callbackUrl: string }) {
  return (
    <button type="button" className="button secondary" onClick={() => void signIn("github", { callbackUrl })}>
      Continue with GitHub
    </button>
  );
}
