"use client";

import { useRouter } from "next/navigation";
import { api } from "@/lib/trpc/react";
import { ErrorAlert } from "./ErrorAlert";

export function AcceptInviteButton({ token }: { token: string }) {
  const router = useRouter();
  const utils = api.useUtils();
  const accept = api.invites.accept.useMutation({
    onSuccess: async ({ teamId }) => {
      await utils.teams.list.invalidate();
      router.push(`/t/${teamId}`);
    },
  });
  return (
    <>
      <ErrorAlert error={accept.error} />
      <button type="button" className="button" disabled={accept.isPending || accept.isSuccess} onClick={() => accept.mutate({ token })}>
        {accept.isPending ? "Joining…" : "Accept invite"}
      </button>
    </>
  );
}
