/**
 * Sends signals to the ledger in chunks, one transaction each (`signals.ingest`), and tallies the answers. Used
 * by the ingestion API and the CLI, so both split and count the same way. Chunks are sent one after another:
 * the ledger serializes writes anyway, and a failure stops at a chunk boundary (every chunk before it is
 * committed; sending the same input again only finds those as duplicates).
 */
import { api } from "../../../convex/_generated/api";
import type { SignalInput } from "../../../convex/lib/signalInput";
import { MAX_SIGNALS_PER_CHUNK } from "../../../convex/signals";
import type { Backend } from "../backend";
import type { IngestTally } from "./tally";

/** Signals per transaction: as many as one transaction takes (convex/signals.ts says why that many). */
export const CHUNK_SIZE = MAX_SIGNALS_PER_CHUNK;

export async function sendChunk(backend: Backend, tally: IngestTally, signals: SignalInput[]): Promise<void> {
  if (signals.length === 0) return;
  tally.add(await backend.mutation(api.signals.ingest, { signals }));
}

export async function sendInChunks(backend: Backend, tally: IngestTally, signals: SignalInput[]): Promise<void> {
  for (let i = 0; i < signals.length; i += CHUNK_SIZE) await sendChunk(backend, tally, signals.slice(i, i + CHUNK_SIZE));
}
