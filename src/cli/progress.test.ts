import { describe, expect, it } from "vitest";
import { createProgress } from "./progress";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe("CLI progress", () => {
  it("redraws a bar on a terminal, at most every 100 ms, and ends the line when done", () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const progress = createProgress(stream, () => now);
    now = 1_000;
    progress.update({ bytes: 50, totalBytes: 100, signals: 1_000 });
    now = 1_050;
    progress.update({ bytes: 60, totalBytes: 100, signals: 1_200 });
    now = 2_000;
    progress.done({ bytes: 100, totalBytes: 100, signals: 2_000 });
    expect(writes).toEqual([
      `\r\x1b[2K[${"#".repeat(15)}${".".repeat(15)}] 50% 1,000 signals, 1,000/s`,
      `\r\x1b[2K[${"#".repeat(30)}] 100% 2,000 signals, 1,000/s\n`,
    ]);
  });

  it("writes plain lines every few seconds elsewhere, without a share when the size is unknown (stdin)", () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const progress = createProgress(stream, () => now);
    for (now = 1_000; now <= 11_000; now += 1_000) progress.update({ bytes: now, signals: now });
    expect(writes).toEqual(["ingest: 1,000 signals, 1,000/s\n", "ingest: 6,000 signals, 1,000/s\n", "ingest: 11,000 signals, 1,000/s\n"]);
  });
});
