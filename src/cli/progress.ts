/**
 * Progress of a long CLI run on stderr (stdout is for the one JSON answer): a redrawn bar on a terminal, plain
 * lines every few seconds otherwise (logs, CI), so neither floods its reader.
 */
const REDRAW_MS = 100;
const LINE_EVERY_MS = 5_000;
const BAR_WIDTH = 30;

export interface ProgressState {
  /** Input bytes read so far, against the total when it is known (a file, not stdin). */
  bytes: number;
  totalBytes?: number;
  signals: number;
}

export interface Progress {
  update(state: ProgressState): void;
  done(state: ProgressState): void;
}

const number = (n: number) => n.toLocaleString("en-US");

function describe(state: ProgressState, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? Math.round((state.signals * 1000) / elapsedMs) : 0;
  return `${number(state.signals)} signals, ${number(rate)}/s`;
}

function fraction(state: ProgressState): number | undefined {
  if (!state.totalBytes) return undefined;
  return Math.min(1, state.bytes / state.totalBytes);
}

export function createProgress(stream: NodeJS.WriteStream, now: () => number = Date.now): Progress {
  const started = now();
  let last = Number.NEGATIVE_INFINITY;
  const tty = stream.isTTY === true;

  const render = (state: ProgressState): string => {
    const share = fraction(state);
    const elapsed = now() - started;
    if (!tty) return `ingest: ${share === undefined ? "" : `${Math.floor(share * 100)}% `}${describe(state, elapsed)}\n`;
    const filled = share === undefined ? 0 : Math.round(share * BAR_WIDTH);
    const bar = share === undefined ? "" : `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${Math.floor(share * 100)}% `;
    return `\r\x1b[2K${bar}${describe(state, elapsed)}`;
  };

  return {
    update(state) {
      const t = now();
      if (t - last < (tty ? REDRAW_MS : LINE_EVERY_MS)) return;
      last = t;
      stream.write(render(state));
    },
    done(state) {
      stream.write(render(state) + (tty ? "\n" : ""));
    },
  };
}
