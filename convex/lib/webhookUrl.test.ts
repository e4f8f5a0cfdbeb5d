import { describe, expect, it } from "vitest";
import { webhookUrlProblem } from "./webhookUrl";

describe("webhookUrlProblem", () => {
  it("accepts public https URLs and hostnames (judged by their addresses at delivery)", () => {
    for (const url of ["https://hooks.example.com/x", "https://93.184.216.34/x", "https://localhost/x", "https://[2606:4700::1]/"]) {
      expect(webhookUrlProblem(url, false)).toBeNull();
    }
  });

  it("refuses other schemes, credentials and non-public IP literals in any spelling", () => {
    const cases: [string, RegExp][] = [
      ["http://hooks.example.com/x", /https/],
      ["ftp://hooks.example.com/x", /https/],
      ["https://user:pw@hooks.example.com/", /credentials/],
      ["https://127.0.0.1/", /loopback/],
      ["https://2130706433/", /loopback/],
      ["https://0x7f.1/", /loopback/],
      ["https://10.0.0.1/", /private/],
      ["https://192.168.1.1/", /private/],
      ["https://169.254.169.254/latest", /link-local/],
      ["https://[::1]/", /loopback/],
      ["https://[::ffff:10.0.0.1]/", /private/],
      ["https://[fe80::1]/", /link-local/],
      ["nope", /valid/],
      [`https://example.com/${"a".repeat(2048)}`, /longer/],
    ];
    for (const [url, problem] of cases) expect(webhookUrlProblem(url, false), url).toMatch(problem);
  });

  it("allows plain http and local addresses when the operator allows private URLs", () => {
    expect(webhookUrlProblem("http://127.0.0.1:8080/hook", true)).toBeNull();
    expect(webhookUrlProblem("http://10.0.0.1/hook", true)).toBeNull();
    expect(webhookUrlProblem("ftp://10.0.0.1/hook", true)).toMatch(/https/);
  });
});
