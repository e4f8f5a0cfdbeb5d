/**
 * `signals ingest FILE|-`: streams NDJSON from a file or stdin into the ledger, a chunk of signals per
 * transaction, so a file of any size is read with bounded memory (one chunk and one partial line at a time;
 * the stream is not read further while a chunk is being written).
 */
import { createReadStream, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { SignalInput } from "../../convex/lib/signalInput";
import type { Backend } from "@/server/backend";
import { CHUNK_SIZE, sendChunk } from "@/server/signals/chunks";
import { parseNdjsonLine } from "@/server/signals/lineSchema";
import { type IngestSummary, IngestTally } from "@/server/signals/tally";
import { CliError } from "./errors";
import type { Progress } from "./progress";

function open(file: string): { input: NodeJS.ReadableStream; totalBytes?: number } {
  if (file === "-") return { input: process.stdin };
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new Error("it is a directory");
    size = stat.size;
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return { input: createReadStream(file), totalBytes: size };
}

/** Far above any real signal (a few hundred bytes). */
const MAX_LINE_CHARS = 1 << 20;

export async function ingestFile(backend: Backend, file: string, progress: Progress): Promise<IngestSummary> {
  const { input, totalBytes } = open(file);
  const tally = new IngestTally();
  const decoder = new StringDecoder("utf8");
  let batch: SignalInput[] = [];
  let carry = "";
  let lineNumber = 0;
  let bytes = 0;
  const state = () => ({ bytes, totalBytes, signals: tally.processed + batch.length });

  const take = (text: string) => {
    const parsed = parseNdjsonLine(text, ++lineNumber);
    if (parsed === null) return;
    if ("error" in parsed) tally.reject(parsed.error);
    else batch.push(parsed.signal);
  };
  const flush = async () => {
    const chunk = batch;
    batch = [];
    await sendChunk(backend, tally, chunk);
    progress.update(state());
  };

  // A line that never ends (a binary file, a single-line JSON array) must not grow without bound: past
  // MAX_LINE_CHARS it is refused and the rest of it skipped up to its newline.
  let skipping = false;
  for await (const data of input) {
    const buffer = typeof data === "string" ? Buffer.from(data) : (data as Buffer);
    bytes += buffer.length;
    const lines = (carry + decoder.write(buffer)).split("\n");
    carry = lines.pop()!;
    for (const line of lines) {
      if (skipping) {
        skipping = false;
        continue;
      }
      take(line);
      if (batch.length >= CHUNK_SIZE) await flush();
    }
    if (carry.length > MAX_LINE_CHARS && !skipping) {
      tally.reject({ line: ++lineNumber, message: `line longer than ${MAX_LINE_CHARS} characters` });
      skipping = true;
    }
    if (skipping) carry = "";
  }
  take(carry + decoder.end());
  await flush();
  progress.done(state());
  return tally.summary();
}
