"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { z } from "zod";
import { api } from "@/lib/trpc/react";
import { ErrorAlert } from "./ErrorAlert";
import { Field, invalidProps } from "./Field";

const nameSchema = z.string().trim().min(1, "Give the team a name.").max(100, "At most 100 characters.");

/** A new team starts on the startup plan; plans change later through billing. */
export function CreateTeamForm() {
  const router = useRouter();
  const utils = api.useUtils();
  const [fieldError, setFieldError] = useState<string>();
  const create = api.teams.create.useMutation({
    onSuccess: async ({ teamId }) => {
      await utils.teams.list.invalidate();
      router.push(`/t/${teamId}`);
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = nameSchema.safeParse(new FormData(event.currentTarget).get("name"));
    setFieldError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (parsed.success) create.mutate({ name: parsed.data });
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="create-team-heading">
      <h2 id="create-team-heading">Create a team</h2>
      <p className="muted">New teams start on the startup plan.</p>
      <Field id="new-team-name" label="Team name" error={fieldError}>
        <input id="new-team-name" name="name" maxLength={100} {...invalidProps("new-team-name", fieldError)} />
      </Field>
      <ErrorAlert error={create.error} />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create team"}
      </button>
    </form>
  );
}
