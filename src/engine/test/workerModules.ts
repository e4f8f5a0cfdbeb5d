// The sample folder as a static module map, for code that runs outside Vite
// (child processes under tsx, the bench) where import.meta.glob does not exist.
import * as actions from "./fixture/actions";
import * as bench from "./fixture/bench";
import * as checks from "./fixture/checks";
import * as counters from "./fixture/counters";
import * as crons from "./fixture/crons";
import * as items from "./fixture/items";
import * as jobs from "./fixture/jobs";
import * as limits from "./fixture/limits";
import * as schema from "./fixture/schema";
import * as txn from "./fixture/txn";
import * as vals from "./fixture/vals";

export const sampleModuleMap: Record<string, unknown> = { actions, bench, checks, counters, crons, items, jobs, limits, schema, txn, vals };
