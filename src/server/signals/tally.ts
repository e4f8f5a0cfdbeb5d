/**
 * Adds up the answers of the chunks one input was split into, into the one answer of SPEC §10:
 * `{accepted, duplicates, rejected, agentsUpdated, errors}`. An agent touched by several chunks counts once.
 */
import type { LineError } from "./lineSchema";

/** Rejected lines listed in an answer; `rejected` still counts them all. */
export const MAX_LISTED_ERRORS = 1_000;

export type IngestSummary = {
  accepted: number;
  duplicates: number;
  rejected: number;
  agentsUpdated: number;
  /** The first MAX_LISTED_ERRORS rejected lines, by line number. */
  errors: LineError[];
};

export type ChunkAnswer = { accepted: number; duplicates: number; rejected: number; agentAddresses: string[]; errors: LineError[] };

export class IngestTally {
  private accepted = 0;
  private duplicates = 0;
  private rejected = 0;
  private readonly agents = new Set<string>();
  private errors: LineError[] = [];

  reject(error: LineError): void {
    this.rejected++;
    this.keep([error]);
  }

  add(chunk: ChunkAnswer): void {
    this.accepted += chunk.accepted;
    this.duplicates += chunk.duplicates;
    this.rejected += chunk.rejected;
    for (const address of chunk.agentAddresses) this.agents.add(address);
    this.keep(chunk.errors);
  }

  get processed(): number {
    return this.accepted + this.duplicates + this.rejected;
  }

  summary(): IngestSummary {
    return {
      accepted: this.accepted,
      duplicates: this.duplicates,
      rejected: this.rejected,
      agentsUpdated: this.agents.size,
      errors: [...this.errors].sort((a, b) => a.line - b.line),
    };
  }

  private keep(errors: LineError[]): void {
    // Edge and ledger refusals arrive interleaved; keep the lowest line numbers seen so far. Once the list is
    // full, a later line (the usual case when streaming a file) is skipped without re-sorting.
    const last = this.errors.at(-1);
    const wanted = this.errors.length < MAX_LISTED_ERRORS || !last ? errors : errors.filter((e) => e.line < last.line);
    if (wanted.length === 0) return;
    this.errors = [...this.errors, ...wanted].sort((a, b) => a.line - b.line).slice(0, MAX_LISTED_ERRORS);
  }
}
