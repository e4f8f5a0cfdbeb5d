// Global overrides for code running inside our functions: in queries and
// mutations Date is pinned to the transaction's time and fetch and timers
// throw, as on Convex; in actions Date follows the engine's (injectable)
// clock.
// Installed as accessors that consult the execution context, so code outside
// a transaction (and other libraries' accessors, e.g. convex-test's) is
// unaffected: outside our context every access is delegated unchanged.
import { executionContext } from "./context";
import type { ExecContext } from "./context";

function inTransaction(): ExecContext | undefined {
  const ctx = executionContext.getStore();
  return ctx && ctx.kind !== "action" ? ctx : undefined;
}

function refused(name: string) {
  return () => {
    throw new Error(`\`${name}\` is not supported in Convex queries or mutations (they must be deterministic). Move this code to an action; a mutation can start one with \`ctx.scheduler.runAfter(0, ...)\`.`);
  };
}

/** Wraps globalThis[key]: inside a matching execution `override` wins, else the previous value. */
function installAccessor(key: string, override: (ctx: ExecContext) => unknown, context: () => ExecContext | undefined = inTransaction): void {
  const g = globalThis as Record<string, unknown>;
  const previous = Object.getOwnPropertyDescriptor(g, key);
  if (previous && previous.configurable === false) return;
  let value: unknown = previous && "value" in previous ? previous.value : undefined;
  const readPrevious = () => (previous?.get ? previous.get.call(g) : value);
  Object.defineProperty(g, key, {
    configurable: true,
    enumerable: previous?.enumerable ?? false,
    get() {
      const ctx = context();
      return ctx ? override(ctx) : readPrevious();
    },
    set(v: unknown) {
      if (previous?.set) previous.set.call(g, v);
      else value = v;
    },
  });
}

let installed = false;

export function installGlobals(convexGlobal: object): void {
  if (installed) return;
  installed = true;
  const g = globalThis as Record<string, unknown>;
  const previousDate = () => Object.getOwnPropertyDescriptor(g, "Date")!;
  const baseDescriptor = previousDate();
  const baseDate = (baseDescriptor.get ? baseDescriptor.get.call(g) : baseDescriptor.value) as DateConstructor;
  const pinnedNow = () => {
    const ctx = executionContext.getStore()!;
    return ctx.kind === "action" ? ctx.clock() : ctx.now;
  };
  const PinnedDate: DateConstructor = new Proxy(baseDate, {
    get(target, prop, receiver) {
      return prop === "now" ? pinnedNow : Reflect.get(target, prop, receiver);
    },
    construct(target, args, newTarget): object {
      return Reflect.construct(target, args.length === 0 ? [pinnedNow()] : args, newTarget === PinnedDate ? target : newTarget);
    },
    apply() {
      return new baseDate(pinnedNow()).toString();
    },
  });
  installAccessor("Date", () => PinnedDate, () => executionContext.getStore());
  installAccessor("fetch", () => refused("fetch"));
  installAccessor("setTimeout", () => refused("setTimeout"));
  installAccessor("setInterval", () => refused("setInterval"));

  // Convex.syscall & co: ours while one of our executions runs, otherwise
  // whatever else (convex-test) installed.
  const previous = Object.getOwnPropertyDescriptor(g, "Convex");
  let other: unknown = previous && "value" in previous ? previous.value : undefined;
  Object.defineProperty(g, "Convex", {
    configurable: true,
    enumerable: false,
    get() {
      if (executionContext.getStore()) return convexGlobal;
      return previous?.get ? previous.get.call(g) : other;
    },
    set(v: unknown) {
      if (previous?.set) previous.set.call(g, v);
      else other = v;
    },
  });
}
