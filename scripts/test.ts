/**
 * `npm test`: every layer in order — typecheck, unit + function tests (engine and convex-test), the REST
 * suite over real HTTP (with the SDK's tests, on its build: the suite's globalSetup runs `npm run build:sdk`'s
 * build when `src/sdk` changed) and the scan of every log line its servers wrote, and the Playwright e2e suite in
 * Debian's Chromium. Ends with one line "N passed, N failed, N skipped" summing every runner (the log scan is one check).
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describeScan, SCAN_REPORT, scanPassed, type ScanReport } from "../test/rest/suiteLogScan";
import { buildIfStale } from "./lib/build";
import { ensureChromium, ensureStrace } from "./lib/debianPackages";
import { npx } from "./lib/run";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const reports = path.resolve("test-results/reports");

interface Tally { passed: number; failed: number; skipped: number }
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

async function vitest(project: string): Promise<void> {
  const file = path.join(reports, `vitest-${project}.json`);
  const code = await npx(["vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(file);
  add(`vitest ${project}`, code, report && {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  });
}

async function playwright(): Promise<void> {
  const file = path.join(reports, "playwright.json");
  const code = await npx(["playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT_FILE: file });
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(file);
  add("playwright", code, report && {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected,
    skipped: report.stats.skipped,
  });
}

/** The log scan after the REST suite (test/rest/suiteLogScan.ts) counts as one check, read from its report. */
function logScan(): void {
  const report = readJson<ScanReport>(SCAN_REPORT);
  if (report && scanPassed(report)) {
    total.passed++;
    return;
  }
  total.failed++;
  failures.push(report ? describeScan(report) : "log scan (the REST suite wrote no report)");
}

async function step(name: string, action: () => Promise<number | void>): Promise<void> {
  try {
    const code = await action();
    if (typeof code === "number" && code !== 0) failures.push(`${name} (exit ${code})`);
  } catch (error) {
    failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function add(name: string, code: number, tally: Tally | undefined): void {
  if (!tally) {
    failures.push(`${name} (exit ${code}, no report)`);
    return;
  }
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
  if (code !== 0) failures.push(`${name} (exit ${code})`);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  await step("typecheck", () => npx(["tsc", "--noEmit", "-p", "."]));
  await step("unit and function tests", () => vitest("unit"));
  await step("next build", buildIfStale);
  await step("strace", ensureStrace);
  await step("REST tests", () => vitest("rest"));
  logScan();
  await step("chromium", ensureChromium);
  await step("e2e tests", playwright);

  console.log("");
  for (const failure of failures) console.log(`FAILED: ${failure}`);
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(failures.length === 0 && total.failed === 0 ? 0 : 1);
}

void main();
