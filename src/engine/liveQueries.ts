// Live queries: a query run as a subscription keeps the read set it recorded (index key intervals, as the
// contention model's), and after each commit only the subscriptions whose read set contains a key the commit
// wrote are run again; a new result is pushed only when it differs from the last one. Commits made by another
// process on the same file carry no write set here: SQLite's data_version tells that one happened, and every
// subscription is run again (and pushes only if its result changed).
//
// Race: a commit that lands while a subscription runs may or may not be in that run's snapshot, and the run's
// new read set is unknown until it ends. So commits are kept while runs are in flight, and a finished run is
// checked against every commit since it started: any that meets its new read set runs it again.
//
// Re-runs are background work: together they read at most `readsPerSecond` documents a second (a token bucket
// charged up front with each subscription's last read count and settled with what the run read), so a hot team's
// many open usage pages cannot take the engine from the API's callers. Which dirty subscription runs first: the one
// whose data had been still the longest before this change (a webhook list edited once in a while shows it at
// once), then — aging — the one waiting longest; one whose re-runs keep finding its result unchanged goes behind
// (a read set wider than what its result depends on); data that changes with every call is updated as often as
// what is left allows. An idle server's re-runs read a few documents each and never wait.
import type { UserIdentity } from "convex/server";
import { convexToJson, type Value } from "convex/values";
import { executionContext } from "./context";
import type { ReadInterval, WrittenKey } from "./meter";

const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;
const realDateNow = Date.now.bind(Date);

export type LiveUpdate = { value: Value } | { error: unknown };

/** Runs a query in a read transaction, recording what it read. */
export type LiveRunner = (
  name: string,
  args: Record<string, unknown>,
  identity: UserIdentity | null,
) => Promise<{ value: Value; reads: ReadInterval[]; documentsRead: number }>;

export interface LiveQueryOptions {
  /** Subscriptions this engine holds at most; one more is refused. */
  maxSubscriptions: number;
  /** A subscription runs again at most once per this many ms (a hot team's usage page updates a few times a second). */
  debounceMs: number;
  /** How often another process's commits are looked for, while any subscription is open. */
  externalPollMs: number;
  /** Documents re-runs may read per second, and at most in one burst. */
  readsPerSecond: number;
  /** Re-runs in flight at once (their reads interleave with the engine's other work). */
  maxConcurrentReruns: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveQueryOptions = { maxSubscriptions: 5_000, debounceMs: 250, externalPollMs: 250, readsPerSecond: 1_000, maxConcurrentReruns: 8 };

/** How much a millisecond of waiting counts against a millisecond of stillness when choosing the next re-run. */
const AGING = 0.1;
/**
 * A re-run that read at most this many documents last time may overdraw the budget down to the floor: a quiet page
 * (a webhook list, an audit page) is not kept waiting while the debt of an expensive one is paid off.
 */
const CHEAP_RUN = 200;
/** The deepest debt, in seconds of budget: runs whose estimate was far too low (a page that just opened, then a burst of calls) are forgiven the rest. */
const DEBT_FLOOR_SECONDS = 2;

export interface LiveStats {
  subscriptions: number;
  /** Runs after the first, caused by commits. */
  reruns: number;
  /** Updates pushed to subscribers (first results not counted). */
  pushes: number;
}

/** Keys by index, as latin1 strings (their code-unit order is the bytes' order), sorted; null = everything changed. */
type WriteSet = Map<string, string[]> | null;

interface Subscription {
  name: string;
  args: Record<string, unknown>;
  identity: UserIdentity | null;
  onUpdate: (update: LiveUpdate) => void;
  reads: Map<string, Array<[string, string]>>;
  last: string | undefined;
  running: boolean;
  /** The commit count when the current run started. */
  startedAt: number;
  lastRunAt: number;
  /** When a commit met its read set since its last run; null while clean. */
  dirtyAt: number | null;
  /** Documents its last run read: what its next re-run is charged up front (the difference is settled after). */
  cost: number;
  charged: number;
  /** Whether it ran again since it opened: until then its cost is that of its query's last run anywhere (its own first run may have read far less, before the traffic). */
  reran: boolean;
  /** Re-runs in a row whose result did not change: such a subscription waits behind those whose results do. */
  unchanged: number;
  closed: boolean;
}

function writeSet(keys: readonly WrittenKey[]): Map<string, string[]> {
  const byIndex = new Map<string, string[]>();
  for (const w of keys) {
    let list = byIndex.get(w.index);
    if (list === undefined) byIndex.set(w.index, (list = []));
    list.push(w.key.toString("latin1"));
  }
  for (const list of byIndex.values()) list.sort();
  return byIndex;
}

function readSet(reads: readonly ReadInterval[]): Map<string, Array<[string, string]>> {
  const byIndex = new Map<string, Array<[string, string]>>();
  for (const r of reads) {
    let list = byIndex.get(r.index);
    if (list === undefined) byIndex.set(r.index, (list = []));
    list.push([r.lower.toString("latin1"), r.upper.toString("latin1")]);
  }
  return byIndex;
}

/** The first position whose key is >= key. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function meets(reads: Subscription["reads"], writes: WriteSet): boolean {
  if (writes === null) return true;
  for (const [index, intervals] of reads) {
    const keys = writes.get(index);
    if (keys === undefined) continue;
    for (const [lower, upper] of intervals) {
      const i = lowerBound(keys, lower);
      if (i < keys.length && keys[i]! < upper) return true;
    }
  }
  return false;
}

export class LiveQueries {
  private readonly subs = new Set<Subscription>();
  /** The subscriptions that read each index: a commit looks only at those of the indexes it wrote. */
  private readonly readers = new Map<string, Set<Subscription>>();
  private readonly dirty = new Set<Subscription>();
  /** Documents the last re-run of each query read, whichever subscription it was. */
  private readonly lastCost = new Map<string, number>();
  private rerunsInFlight = 0;
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  /** Documents re-runs may still read now, and when that was last topped up. */
  private tokens: number;
  private tokensAt = realDateNow();
  private commits = 0;
  /** Commits since the oldest run in flight started (none kept while nothing runs). */
  private recent: Array<{ at: number; writes: WriteSet }> = [];
  private runningCount = 0;
  private poll: ReturnType<typeof setInterval> | null = null;
  private readonly stats = { reruns: 0, pushes: 0 };

  constructor(
    private readonly runner: LiveRunner,
    /** Whether another process committed since the last call (SQLite's data_version moved). */
    private readonly externalCommit: () => boolean,
    private readonly options: LiveQueryOptions = DEFAULT_LIVE_OPTIONS,
  ) {
    this.tokens = options.readsPerSecond;
  }

  /** Whether commits must log their keys: only while someone listens. */
  get active(): boolean {
    return this.subs.size > 0;
  }

  liveStats(): LiveStats {
    return { subscriptions: this.subs.size, ...this.stats };
  }

  /** Runs the query, answers its first result, then calls onUpdate with each different one until closed. */
  async subscribe(name: string, args: Record<string, unknown>, identity: UserIdentity | null, onUpdate: (update: LiveUpdate) => void): Promise<{ value: Value; close: () => void }> {
    if (this.subs.size >= this.options.maxSubscriptions) throw new Error(`Too many live queries on this server (at most ${this.options.maxSubscriptions}).`);
    const sub: Subscription = { name, args, identity, onUpdate, reads: new Map(), last: undefined, running: false, startedAt: 0, lastRunAt: 0, dirtyAt: null, cost: 1, charged: 0, reran: false, unchanged: 0, closed: false };
    this.subs.add(sub);
    this.startPolling();
    const close = () => this.close(sub);
    try {
      const value = await this.run(sub, true);
      return { value, close };
    } catch (error) {
      close();
      throw error;
    }
  }

  /** A commit of this engine, with the keys it wrote. */
  committed(keys: readonly WrittenKey[]): void {
    this.changed(writeSet(keys));
  }

  private changed(writes: WriteSet): void {
    this.commits++;
    if (this.runningCount > 0) this.recent.push({ at: this.commits, writes });
    // A subscription already waiting to run needs no second look: most of a hot engine's are.
    const check = (sub: Subscription) => {
      if (!sub.running && sub.dirtyAt === null && meets(sub.reads, writes)) this.markDirty(sub);
    };
    if (writes === null) for (const sub of this.subs) check(sub);
    else for (const index of writes.keys()) for (const sub of this.readers.get(index) ?? []) check(sub);
  }

  /** Files the subscription under the indexes its last run read. */
  private setReads(sub: Subscription, reads: Subscription["reads"]): void {
    for (const index of sub.reads.keys()) if (!reads.has(index)) this.unfile(sub, index);
    for (const index of reads.keys()) {
      let set = this.readers.get(index);
      if (set === undefined) this.readers.set(index, (set = new Set()));
      set.add(sub);
    }
    sub.reads = reads;
  }

  private unfile(sub: Subscription, index: string): void {
    const set = this.readers.get(index);
    set?.delete(sub);
    if (set?.size === 0) this.readers.delete(index);
  }

  private markDirty(sub: Subscription): void {
    if (sub.closed || sub.dirtyAt !== null) return;
    sub.dirtyAt = realDateNow();
    this.dirty.add(sub);
    this.pump();
  }

  /** Starts the re-runs that are due, in priority order, as far as the concurrency and the budget allow. */
  private pump(): void {
    // A newly dirty subscription may go before the one the timer waits for: every call looks at them all again.
    if (this.pumpTimer !== null) realClearTimeout(this.pumpTimer);
    this.pumpTimer = null;
    const { debounceMs, readsPerSecond, maxConcurrentReruns } = this.options;
    const now = realDateNow();
    this.tokens = Math.min(readsPerSecond, this.tokens + ((now - this.tokensAt) * readsPerSecond) / 1000);
    this.tokensAt = now;
    let wakeAt = Infinity;
    while (this.rerunsInFlight < maxConcurrentReruns) {
      // The best that is due and that the budget allows now; the others say when to look again.
      let next: Subscription | undefined;
      let best = -Infinity;
      let charge = 0;
      for (const sub of this.dirty) {
        if (sub.running) continue;
        const readyAt = sub.lastRunAt + debounceMs;
        if (readyAt > now) {
          wakeAt = Math.min(wakeAt, readyAt);
          continue;
        }
        const cost = sub.reran ? sub.cost : Math.max(sub.cost, this.lastCost.get(sub.name) ?? 0);
        // A run dearer than a whole second's budget goes once the bucket is full (and leaves it in debt).
        const price = Math.min(cost, readsPerSecond);
        const overdraft = cost <= CHEAP_RUN ? DEBT_FLOOR_SECONDS * readsPerSecond : 0;
        if (this.tokens + overdraft < price) {
          wakeAt = Math.min(wakeAt, now + ((price - this.tokens - overdraft) * 1000) / readsPerSecond);
          continue;
        }
        const score = (sub.dirtyAt! - sub.lastRunAt + AGING * (now - sub.dirtyAt!)) / (1 + sub.unchanged);
        if (score > best) [best, next, charge] = [score, sub, price];
      }
      if (next === undefined) break;
      this.tokens -= charge;
      next.charged = charge;
      this.dirty.delete(next);
      next.dirtyAt = null;
      this.rerunsInFlight++;
      void this.run(next, false)
        .catch(() => {})
        .finally(() => {
          this.rerunsInFlight--;
          this.pump();
        });
    }
    if (wakeAt !== Infinity && this.dirty.size > 0) {
      // A commit may come from inside an action's execution context; the re-runs must not inherit it.
      this.pumpTimer = executionContext.exit(() =>
        realSetTimeout(() => {
          this.pumpTimer = null;
          this.pump();
        }, Math.max(1, wakeAt - now)),
      );
    }
  }

  private async run(sub: Subscription, first: boolean): Promise<Value> {
    sub.running = true;
    sub.startedAt = this.commits;
    this.runningCount++;
    if (!first) this.stats.reruns++;
    try {
      const { value, reads, documentsRead } = await this.runner(sub.name, sub.args, sub.identity);
      if (!sub.closed) this.setReads(sub, readSet(reads));
      sub.cost = Math.max(1, documentsRead);
      // What the run read beyond its estimate is owed (a page whose data grew since its last run, say).
      if (!first) {
        this.tokens = Math.max(-DEBT_FLOOR_SECONDS * this.options.readsPerSecond, this.tokens - (sub.cost - sub.charged));
        this.lastCost.set(sub.name, sub.cost);
        sub.reran = true;
      }
      const json = JSON.stringify(convexToJson(value));
      sub.unchanged = json === sub.last && !first ? sub.unchanged + 1 : 0;
      if (json !== sub.last) {
        sub.last = json;
        if (!first && !sub.closed) {
          this.stats.pushes++;
          sub.onUpdate({ value });
        }
      }
      return value;
    } catch (error) {
      // The query failed (a member removed from the team, say): the subscriber decides whether to end.
      sub.last = undefined;
      if (!first && !sub.closed) sub.onUpdate({ error });
      throw error;
    } finally {
      sub.running = false;
      sub.lastRunAt = realDateNow();
      this.runningCount--;
      if (this.recent.some((c) => c.at > sub.startedAt && meets(sub.reads, c.writes))) this.markDirty(sub);
      this.prune();
    }
  }

  /** Drops the commits no run in flight started before. */
  private prune(): void {
    if (this.runningCount === 0) {
      this.recent = [];
      return;
    }
    let oldest = Infinity;
    for (const sub of this.subs) if (sub.running && sub.startedAt < oldest) oldest = sub.startedAt;
    this.recent = this.recent.filter((c) => c.at > oldest);
  }

  private close(sub: Subscription): void {
    if (sub.closed) return;
    sub.closed = true;
    this.dirty.delete(sub);
    this.subs.delete(sub);
    for (const index of sub.reads.keys()) this.unfile(sub, index);
    if (this.subs.size === 0) {
      this.stopPolling();
      if (this.pumpTimer !== null) realClearTimeout(this.pumpTimer);
      this.pumpTimer = null;
    }
  }

  /** Idle subscriptions cost one data_version read per poll; none at all once the last one closes. */
  private startPolling(): void {
    if (this.poll !== null) return;
    this.externalCommit();
    this.poll = executionContext.exit(() =>
      realSetInterval(() => {
        if (this.externalCommit()) this.changed(null);
      }, this.options.externalPollMs),
    );
    this.poll.unref();
  }

  private stopPolling(): void {
    if (this.poll !== null) realClearInterval(this.poll);
    this.poll = null;
  }

  /** Ends every subscription (the engine is closing). */
  closeAll(): void {
    for (const sub of [...this.subs]) this.close(sub);
  }
}
