import { describe, expect, it } from "vitest";
import { apiBaseUrl, firstCallCurl, firstCallSdk } from "./firstCall";

describe("apiBaseUrl", () => {
  it("prefers the configured public address, without its path", () => {
    expect(apiBaseUrl("https://portal.example.com/some/path", { host: "10.0.0.5:3000", proto: "http" })).toBe("https://portal.example.com");
  });

  it("falls back to the address the browser used", () => {
    expect(apiBaseUrl(undefined, { host: "127.0.0.1:4123", proto: null })).toBe("http://127.0.0.1:4123");
    expect(apiBaseUrl("", { host: "api.example.com", proto: "https" })).toBe("https://api.example.com");
  });
});

describe("firstCallCurl", () => {
  it("posts a verify for the agent to the base URL with a key placeholder", () => {
    expect(firstCallCurl("http://127.0.0.1:4123", "7Gk3pQ")).toBe(
      [
        "curl -X POST http://127.0.0.1:4123/api/v1/verify \\",
        "  -H 'X-API-Key: <your key>' \\",
        "  -H 'Content-Type: application/json' \\",
        `  -d '{"agentAddress":"7Gk3pQ"}'`,
      ].join("\n"),
    );
  });
});

describe("firstCallSdk", () => {
  it("verifies the agent with the SDK at the base URL, with a key placeholder", () => {
    expect(firstCallSdk("http://127.0.0.1:4123", "7Gk3pQ")).toBe(
      [
        'import { GhostSpeak } from "@ghostspeak/sdk";',
        "",
        'const ghostspeak = new GhostSpeak({ apiKey: "<your key>", baseUrl: "http://127.0.0.1:4123" });',
        'const { data } = await ghostspeak.verify({ agentAddress: "7Gk3pQ" });',
        "console.log(data.verified, data.ghostScore, data.tier);",
      ].join("\n"),
    );
  });
});
