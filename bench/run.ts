/**
 * `npm run bench`: every benchmark, one after the other (each in its own process so none warms another's
 * caches). Each prints its own table of ratios against a bare baseline measured in the same run.
 * `npm run bench -- rest` runs only the named ones.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../scripts/lib/run";

const here = path.dirname(fileURLToPath(import.meta.url));
const suiteDir = path.join(here, "suites");
const extra = existsSync(suiteDir) ? readdirSync(suiteDir).filter((f) => f.endsWith(".ts")) : [];
const suites = ["engine", ...extra.map((f) => `suites/${f.slice(0, -3)}`)];
const wanted = process.argv.slice(2);
const selected = wanted.length ? suites.filter((s) => wanted.includes(path.basename(s))) : suites;

let failed = 0;
for (const suite of selected) {
  console.log(`\n=== bench: ${path.basename(suite)} ===`);
  const code = await run(process.execPath, ["--import", "tsx", path.join(here, `${suite}.ts`)]);
  if (code !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
