import { describe, expect, it } from "vitest";
import { startOptionsFromEnv } from "./startOptions";

describe("startOptionsFromEnv", () => {
  it("passes PORT, HOST and PORTAL on", () => {
    expect(startOptionsFromEnv({ PORT: "4100", HOST: "127.0.0.1", PORTAL: "false" })).toEqual({ port: 4100, hostname: "127.0.0.1", portal: false });
    expect(startOptionsFromEnv({ PORTAL: "true" }).portal).toBe(true);
  });

  it("leaves unset (or empty) variables to the server's defaults", () => {
    expect(startOptionsFromEnv({})).toEqual({ port: 3000, hostname: undefined, portal: undefined });
    expect(startOptionsFromEnv({ PORT: "", HOST: "", PORTAL: "" })).toEqual({ port: 3000, hostname: undefined, portal: undefined });
  });

  it("refuses values it cannot mean", () => {
    expect(() => startOptionsFromEnv({ PORT: "http" })).toThrow(/PORT must be a port number/);
    expect(() => startOptionsFromEnv({ PORT: "70000" })).toThrow(/PORT must be a port number/);
    expect(() => startOptionsFromEnv({ PORTAL: "no" })).toThrow(/PORTAL must be "true" or "false"/);
  });
});
