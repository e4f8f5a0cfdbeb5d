import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = fileURLToPath(new URL("./src", import.meta.url));
/** The built SDK (`npm run build:sdk`; the REST suite's globalSetup builds it when stale): its tests run the bundle. */
const builtSdk = fileURLToPath(new URL("./dist/sdk/index.js", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": src } },
  test: {
    // convex-test and the engine both need a Node environment with real modules.
    environment: "node",
    server: { deps: { inline: ["convex-test"] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "convex/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "rest",
          include: ["test/rest/**/*.test.ts"],
          // Type-checked against src/sdk (tsconfig.json's paths), run as built.
          alias: { "@ghostspeak/sdk": builtSdk },
          // One server for the whole suite; files share it sequentially.
          fileParallelism: false,
          globalSetup: ["test/rest/globalSetup.ts"],
          // Every answer a test receives is validated against the OpenAPI document (test/rest/responseContract.ts).
          setupFiles: ["test/rest/setup.ts"],
        },
      },
    ],
  },
});
