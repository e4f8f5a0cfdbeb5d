// convex-test calls any function it is given; a Convex deployment only lets a
// client reach public ones. The harness reproduces that refusal for convex-test
// by loading the function and reading the `isPublic` flag Convex sets on it.
import { type FunctionReference, getFunctionName } from "convex/server";
import type { ConvexFolder } from "./types";

export async function assertPublic(folder: ConvexFolder, fn: FunctionReference<any, any>): Promise<void> {
  const name = getFunctionName(fn);
  const [modulePath, exportName = "default"] = name.split(":");
  const load = folder.modules[`${folder.dir}${modulePath}.ts`] ?? folder.modules[`${folder.dir}${modulePath}.js`];
  const exported = load ? ((await load()) as Record<string, { isPublic?: boolean }>)[exportName] : undefined;
  if (!exported?.isPublic) {
    // The wording of a Convex deployment answering a client.
    throw new Error(`Could not find public function for '${name}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`);
  }
}
