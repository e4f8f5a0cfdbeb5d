import type { TRPCClientErrorLike } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/root";

/** The server's readable message (field messages first, for input the browser let through). */
export function errorText(error: TRPCClientErrorLike<AppRouter>): string {
  const fields = error.data?.zodError?.fieldErrors as Record<string, string[] | undefined> | undefined;
  const first = fields && Object.values(fields).flat().find(Boolean);
  return first ?? error.message;
}

export function ErrorAlert({ error, retry }: { error: TRPCClientErrorLike<AppRouter> | null; retry?: () => void }) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorText(error)}</p>
      {retry && (
        <button type="button" className="button secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
