/**
 * One open portal page as the browser holds it: a tRPC subscription over SSE (what `httpSubscriptionLink` opens)
 * whose events carry the page's data; a page that refetches instead (the audit log, which pages by cursor) does so
 * on each change, one at a time (React Query's invalidate: a change arriving while a refetch is in flight asks for
 * one more after it). Arrival times are kept for latency.
 */
export interface PortalPage {
  /** The subscription procedure and its input (superjson's plain JSON form). */
  live: string;
  input: Record<string, unknown>;
  /** The query the page refetches on each change, when it does. */
  refetch?: string;
}

export interface PortalStream {
  readonly page: PortalPage;
  /** Resolves on the stream's first event (the server yields once when it opens); rejects if it ends before. */
  readonly opened: Promise<void>;
  /** Arrival times (ms since the epoch) of the changes after the first event. */
  readonly changes: number[];
  /** Refetches made, and those that did not answer 200. */
  readonly refetches: { made: number; failed: number };
  /** Errors the stream reported (tRPC's `serialized-error` events, a failed open). */
  readonly errors: string[];
  close(): void;
}

const trpcInput = (input: Record<string, unknown>) => encodeURIComponent(JSON.stringify({ json: input }));

export function openPortalStream(baseUrl: string, cookie: string, page: PortalPage): PortalStream {
  const controller = new AbortController();
  const changes: number[] = [];
  const errors: string[] = [];
  const refetches = { made: 0, failed: 0 };
  let refetching = false;
  let again = false;

  const refetch = async (): Promise<void> => {
    if (refetching) {
      again = true;
      return;
    }
    refetching = true;
    try {
      do {
        again = false;
        refetches.made++;
        const response = await fetch(`${baseUrl}/api/trpc/${page.refetch}?input=${trpcInput(page.input)}`, { headers: { cookie }, signal: controller.signal });
        await response.arrayBuffer();
        if (response.status !== 200) refetches.failed++;
      } while (again && !controller.signal.aborted);
    } catch (error) {
      if (!controller.signal.aborted) errors.push(String(error));
    } finally {
      refetching = false;
    }
  };

  const opened = (async () => {
    const response = await fetch(`${baseUrl}/api/trpc/${page.live}?input=${trpcInput(page.input)}`, {
      headers: { cookie, accept: "text/event-stream" },
      signal: controller.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`${page.live} answered ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    let first: (() => void) | undefined;
    const firstEvent = new Promise<void>((resolve) => (first = resolve));
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffered += value;
          let end: number;
          while ((end = buffered.indexOf("\n\n")) !== -1) {
            const message = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const event = /^event: ?(.*)$/m.exec(message)?.[1];
            if (event === "serialized-error") errors.push(/^data: ?(.*)$/m.exec(message)?.[1] ?? "error");
            else if (event === undefined && /^data:/m.test(message)) {
              if (first) {
                first();
                first = undefined;
              } else {
                changes.push(Date.now());
                if (page.refetch) void refetch();
              }
            }
          }
        }
      } catch (error) {
        if (!controller.signal.aborted) errors.push(String(error));
      }
      if (first) errors.push(`${page.live} ended before its first event`);
    })();
    await firstEvent;
  })();
  opened.catch((error: unknown) => errors.push(String(error)));

  return { page, opened, changes, refetches, errors, close: () => controller.abort() };
}
