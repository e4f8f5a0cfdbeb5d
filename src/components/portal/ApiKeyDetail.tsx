"use client";

import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { formatDateTime } from "@/lib/formatDate";
import { keyStatus } from "@/lib/keys/keyRows";
import { keyUsageRange } from "@/lib/keys/keyUsageRange";
import { parseRateLimitInput } from "@/lib/keys/rateLimitInput";
import { api } from "@/lib/trpc/react";
import { ErrorAlert } from "./ErrorAlert";
import { Field, invalidProps } from "./Field";

const utcDay = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });

/**
 * One key: its facts, renaming, its own per-minute limit (at most the plan's; empty returns to the plan's), and
 * its calls per day over the last week. Calls only: members manage keys but may not see costs (SPEC §5).
 */
export function ApiKeyDetail({ teamId, keyId }: { teamId: string; keyId: string }) {
  const utils = api.useUtils();
  const detail = api.apiKeys.get.useQuery({ teamId, keyId });
  const members = api.members.list.useQuery({ teamId });
  const [range] = useState(() => keyUsageRange(Date.now()));
  const usage = api.usage.chart.useQuery({ teamId, apiKeyId: keyId, ...range });
  const update = api.apiKeys.update.useMutation({ onSuccess: () => utils.apiKeys.invalidate() });
  const [nameError, setNameError] = useState<string>();
  const [limitError, setLimitError] = useState<string>();

  if (detail.isPending) return <p aria-busy="true">Loading the key…</p>;
  if (detail.isError) return <ErrorAlert error={detail.error} retry={() => void detail.refetch()} />;
  const { key, plan, planRateLimit } = detail.data;
  const creator = key.createdByUserId ? (members.data?.find((m) => m.userId === key.createdByUserId)?.email ?? "a former member") : "an operator";

  function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    const error = name.length === 0 ? "Give the key a name." : name.length > 100 ? "At most 100 characters." : undefined;
    setNameError(error);
    if (!error) update.mutate({ teamId, keyId, name }, { onSuccess: () => toast.success(`Key renamed to “${name}”.`) });
  }

  function setLimit(raw: string) {
    const parsed = parseRateLimitInput(raw, planRateLimit);
    setLimitError(parsed.ok ? undefined : parsed.error);
    if (!parsed.ok) return;
    update.mutate(
      { teamId, keyId, rateLimit: parsed.rateLimit },
      {
        onSuccess: () =>
          toast.success(
            parsed.rateLimit === null
              ? `Rate limit back to the ${plan} plan's ${planRateLimit} per minute.`
              : `Rate limit set to ${parsed.rateLimit} per minute.`,
          ),
      },
    );
  }

  const days = usage.data?.buckets ?? [];
  const busiest = Math.max(1, ...days.map((day) => day.total.calls));

  return (
    <>
      <dl className="key-facts">
        <dt>Name</dt>
        <dd data-testid="key-name">{key.name}</dd>
        <dt>Key</dt>
        <dd>
          <code>{key.display}</code>
        </dd>
        <dt>Environment</dt>
        <dd>{key.env}</dd>
        <dt>Status</dt>
        <dd>{keyStatus(key)}</dd>
        <dt>Created by</dt>
        <dd>{creator}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(key.createdAt)}</dd>
        <dt>Last used</dt>
        <dd>{key.lastUsedAt === undefined ? "never" : formatDateTime(key.lastUsedAt)}</dd>
        <dt>Expires</dt>
        <dd>{key.expiresAt === undefined ? "never" : formatDateTime(key.expiresAt)}</dd>
        <dt>Rate limit</dt>
        <dd data-testid="key-rate-limit">
          {key.rateLimit === undefined
            ? `${planRateLimit} per minute, the ${plan} plan's`
            : `${key.rateLimit} per minute (the ${plan} plan allows ${planRateLimit})`}
        </dd>
      </dl>
      <ErrorAlert error={update.error} />

      <section aria-labelledby="rename-key-heading">
        <h2 id="rename-key-heading">Name</h2>
        <form className="form" onSubmit={rename} noValidate>
          <Field id="rename-key" label="Key name" error={nameError}>
            <input id="rename-key" name="name" defaultValue={key.name} key={key.name} maxLength={100} {...invalidProps("rename-key", nameError)} />
          </Field>
          <button type="submit" className="button" disabled={update.isPending}>
            Rename key
          </button>
        </form>
      </section>

      <section aria-labelledby="limit-heading">
        <h2 id="limit-heading">Rate limit</h2>
        <p className="muted">
          A key may have a lower per-minute limit than its plan&apos;s, never a higher one. The {plan} plan allows {planRateLimit} requests per
          minute; leave the field empty to use that.
        </p>
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setLimit(String(new FormData(event.currentTarget).get("rateLimit") ?? ""));
          }}
        >
          <Field id="key-rate-limit-input" label="Requests per minute" error={limitError}>
            <input
              id="key-rate-limit-input"
              name="rateLimit"
              inputMode="numeric"
              placeholder={`${planRateLimit} (the plan's)`}
              defaultValue={key.rateLimit ?? ""}
              key={key.rateLimit ?? "plan"}
              {...invalidProps("key-rate-limit-input", limitError)}
            />
          </Field>
          <div className="row-actions">
            <button type="submit" className="button" disabled={update.isPending}>
              Save limit
            </button>
            {key.rateLimit !== undefined && (
              <button type="button" className="button secondary" disabled={update.isPending} onClick={() => setLimit("")}>
                Use the plan&apos;s limit
              </button>
            )}
          </div>
        </form>
      </section>

      <section aria-labelledby="key-usage-heading">
        <h2 id="key-usage-heading">Calls in the last 7 days</h2>
        {usage.isPending ? (
          <p aria-busy="true">Loading usage…</p>
        ) : usage.isError ? (
          <ErrorAlert error={usage.error} retry={() => void usage.refetch()} />
        ) : (
          <table aria-label="Calls per day" className="key-usage">
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Calls</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.start}>
                  <td>{utcDay.format(day.start)}</td>
                  <td>
                    <span className="key-usage-bar" style={{ inlineSize: `${(day.total.calls / busiest) * 100}%` }} aria-hidden="true" />
                    {day.total.calls.toLocaleString("en-US")}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td data-testid="key-usage-total">{usage.data.total.calls.toLocaleString("en-US")}</td>
              </tr>
            </tfoot>
          </table>
        )}
      </section>
    </>
  );
}
