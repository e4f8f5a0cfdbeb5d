/**
 * `npm run build:sdk`: `dist/sdk/`, the `@ghostspeak/sdk` package — one ESM bundle of `src/sdk` (esbuild, platform
 * neutral, so an import of a Node built-in fails the build), its `.d.ts` (tsc with `src/sdk/tsconfig.json`: web APIs
 * only), a `package.json` and the README. Prints the bundle's size minified and gzipped, which the REST suite holds
 * under 10 KB (`test/rest/sdkBundle.test.ts`); the suite builds it first when `src/sdk` changed.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";
import { newestMtime } from "./lib/build";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sources = path.join(root, "src/sdk");
export const SDK_DIST = path.join(root, "dist/sdk");
export const SDK_BUNDLE = path.join(SDK_DIST, "index.js");
const manifest = path.join(SDK_DIST, "package.json");

export async function buildSdk(): Promise<void> {
  rmSync(SDK_DIST, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(sources, "index.ts")],
    outfile: SDK_BUNDLE,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    legalComments: "none",
    logLevel: "warning",
  });
  execFileSync(path.join(root, "node_modules/.bin/tsc"), ["-p", path.join(sources, "tsconfig.json")], { cwd: root, stdio: "inherit" });
  copyFileSync(path.join(sources, "README.md"), path.join(SDK_DIST, "README.md"));
  const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  const pkg = {
    name: "@ghostspeak/sdk",
    // The API version whose OpenAPI document the types were generated from.
    version,
    description: "TypeScript client of the GhostSpeak API: verify AI agents, Ghost Scores, usage and signed webhooks.",
    type: "module",
    exports: { ".": { types: "./index.d.ts", import: "./index.js" } },
    types: "./index.d.ts",
    sideEffects: false,
    engines: { node: ">=20" },
  };
  // Written last: its time stamp says when a complete build finished (sdkBuildIsStale).
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** The bundle's size once minified and gzipped, as a consumer's bundler and server would send it. */
export async function minifiedGzipBytes(): Promise<number> {
  const { code } = await transform(readFileSync(SDK_BUNDLE, "utf8"), { minify: true, format: "esm", target: "es2022" });
  return gzipSync(code, { level: 9 }).length;
}

export function sdkBuildIsStale(): boolean {
  if (!existsSync(manifest)) return true;
  const built = statSync(manifest).mtimeMs;
  // Its README is part of the package, so only tests leave the build as it is.
  return newestMtime(sources, /\.test\.ts$/) > built || statSync(fileURLToPath(import.meta.url)).mtimeMs > built;
}

export async function buildSdkIfStale(): Promise<void> {
  if (sdkBuildIsStale()) await buildSdk();
}

async function main(): Promise<void> {
  const started = Date.now();
  await buildSdk();
  console.log(`dist/sdk built in ${Date.now() - started} ms; index.js is ${await minifiedGzipBytes()} bytes minified and gzipped`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
