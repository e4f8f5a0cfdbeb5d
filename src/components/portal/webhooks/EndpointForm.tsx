"use client";

import { type FormEvent, useState } from "react";
import { Field, invalidProps } from "../Field";
import { EVENT_CHOICES, isEventType, parseAgentList, type EventType } from "./agentList";
import styles from "./webhooks.module.css";

export type EndpointFormValues = { url: string; events: EventType[]; agentAddresses: string[]; description: string };

/**
 * The settings of an endpoint, for creating and for editing. The browser checks what it can (a URL, an event);
 * the server checks everything again (https, private addresses, Solana addresses, the plan's limit).
 */
export function EndpointForm({
  idPrefix,
  initial,
  submitLabel,
  pending,
  disabled,
  onSubmit,
}: {
  idPrefix: string;
  initial?: EndpointFormValues;
  submitLabel: string;
  pending: boolean;
  disabled?: boolean;
  onSubmit: (values: EndpointFormValues, form: HTMLFormElement) => void;
}) {
  const [errors, setErrors] = useState<{ url?: string; events?: string }>({});
  const id = (name: string) => `${idPrefix}-${name}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const url = String(data.get("url") ?? "").trim();
    const events = data.getAll("events").map(String).filter(isEventType);
    const next = {
      url: URL.canParse(url) ? undefined : "Enter the full URL, e.g. https://example.com/webhooks.",
      events: events.length === 0 ? "Choose at least one event." : undefined,
    };
    setErrors(next);
    if (next.url || next.events) return;
    onSubmit(
      { url, events, agentAddresses: parseAgentList(String(data.get("agentAddresses") ?? "")), description: String(data.get("description") ?? "").trim() },
      form,
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field id={id("url")} label="URL" error={errors.url}>
        <input id={id("url")} name="url" type="url" defaultValue={initial?.url} placeholder="https://example.com/webhooks" {...invalidProps(id("url"), errors.url)} />
      </Field>
      <fieldset className={styles.events} aria-describedby={errors.events ? id("events-error") : undefined}>
        <legend>Events</legend>
        {EVENT_CHOICES.map((choice) => (
          <label key={choice.type} className={styles.check}>
            <input type="checkbox" name="events" value={choice.type} defaultChecked={initial ? initial.events.includes(choice.type) : choice.type !== "webhook.test"} />
            {choice.label}
          </label>
        ))}
        {errors.events && (
          <p id={id("events-error")} className="field-error">
            {errors.events}
          </p>
        )}
      </fieldset>
      <Field id={id("agents")} label="Only these agents (optional: Solana addresses, one per line; empty = all agents)">
        <textarea id={id("agents")} name="agentAddresses" rows={3} className={styles.textarea} defaultValue={initial?.agentAddresses.join("\n")} />
      </Field>
      <Field id={id("description")} label="Description (optional)">
        <input id={id("description")} name="description" maxLength={500} defaultValue={initial?.description} />
      </Field>
      <button type="submit" className="button" disabled={pending || disabled}>
        {pending ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
