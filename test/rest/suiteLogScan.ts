/**
 * The scan after the REST suite (SPEC §9, no secret in logs): every line every server of the run wrote, against
 * every secret the run recorded and every credential shape (src/testing/logScan.ts). An empty or broken capture
 * must not pass, so the shared server's log has to hold at least one request id per API call its own usage
 * figures counted. The report is written beside the logs for `npm test` (scripts/test.ts) to count.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { type Finding, logStats, scanLog } from "@/testing/logScan";
import { readCapture } from "./logCapture";

/** Where every server of the run writes its output, and the scan its report. */
export const REST_LOG_DIR = path.resolve("test-results/rest-logs");
export const SCAN_REPORT = path.join(REST_LOG_DIR, "scan.json");

export interface ScanReport {
  /** Servers whose output was captured (one that wrote nothing leaves no log). */
  logs: number;
  lines: number;
  requestIds: number;
  secretsChecked: number;
  /** API calls the shared server's usage figures counted, the floor for its request ids. */
  recordedCalls: number;
  sharedServerRequestIds: number;
  findings: Finding[];
  /** Why the capture itself cannot be trusted, when it cannot. */
  problems: string[];
}

export function scanSuiteLogs(dir: string, shared: { log: string; recordedCalls: number }): ScanReport {
  const capture = readCapture(dir);
  const findings = capture.logs.flatMap((log) => scanLog(log.source, log.text, capture.secrets));
  const stats = capture.logs.map((log) => ({ source: log.source, ...logStats(log.text) }));
  const sharedStats = stats.find((s) => s.source === shared.log);
  const sharedServerRequestIds = sharedStats?.requestIds ?? 0;
  const problems: string[] = [];
  if (!sharedStats) problems.push(`no capture of the shared server (${shared.log})`);
  if (sharedServerRequestIds === 0 || sharedServerRequestIds < shared.recordedCalls) {
    problems.push(`the shared server's log holds ${sharedServerRequestIds} request ids for ${shared.recordedCalls} recorded API calls`);
  }
  if (capture.secrets.length === 0) problems.push("no secrets were recorded to scan for");
  const report: ScanReport = {
    logs: capture.logs.length,
    lines: stats.reduce((sum, s) => sum + s.lines, 0),
    requestIds: stats.reduce((sum, s) => sum + s.requestIds, 0),
    secretsChecked: capture.secrets.length,
    recordedCalls: shared.recordedCalls,
    sharedServerRequestIds,
    findings,
    problems,
  };
  writeFileSync(path.join(dir, path.basename(SCAN_REPORT)), JSON.stringify(report, null, 1));
  return report;
}

export const scanPassed = (report: ScanReport): boolean => report.findings.length === 0 && report.problems.length === 0;

export function describeScan(report: ScanReport): string {
  const summary =
    `log scan: ${report.lines} lines in ${report.logs} server logs, ${report.requestIds} request ids ` +
    `(${report.sharedServerRequestIds} on the shared server for ${report.recordedCalls} recorded calls), ${report.secretsChecked} secrets and every credential shape checked`;
  const details = [...report.problems, ...report.findings.map((f) => `${f.source}:${f.line} contains ${f.what}`)];
  return [scanPassed(report) ? `${summary}: clean` : `${summary}: FAILED`, ...details.map((d) => `  ${d}`)].join("\n");
}
