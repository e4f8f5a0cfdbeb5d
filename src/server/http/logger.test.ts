import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger(stream), text: () => lines.join("") };
}

describe("logger redaction", () => {
  it("censors credential headers and secret-named fields wherever they are logged", () => {
    const { log, text } = capture();
    const headers = { authorization: "Bearer gs_live_secretvalue1", "x-api-key": "gs_test_secretvalue2", cookie: "next-auth.session-token=s3", "user-agent": "curl" };
    log.warn({ headers }, "direct");
    log.warn({ req: { headers, method: "GET" } }, "nested");
    log.warn({ call: { apiKey: "gs_live_secretvalue4", token: "tok5", secret: "whsec_6", serverSecret: "srv7", password: "pw8" } }, "fields");
    const out = text();
    for (const secret of ["gs_live_secretvalue1", "gs_test_secretvalue2", "session-token=s3", "gs_live_secretvalue4", "tok5", "whsec_6", "srv7", "pw8"]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('"user-agent":"curl"');
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(11);
  });

});
