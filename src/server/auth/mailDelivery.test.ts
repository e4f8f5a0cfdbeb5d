import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "../http/logger";
import { checkMailAtStart, mailDelivery as deliveryOf, pinDevOutbox } from "./mailDelivery";

/** An environment with only these variables (NodeJS.ProcessEnv wants NODE_ENV). */
const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
const mailDelivery = (vars: Record<string, string>) => deliveryOf(env(vars));

const smtp = { SMTP_URL: "smtp://mail.example.test:587", EMAIL_FROM: "GhostSpeak <no-reply@example.test>" };

describe("mail delivery", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is SMTP when configured, else the outbox outside production unless DEV_OUTBOX=false, and otherwise none", () => {
    expect(mailDelivery({ ...smtp, DEV_OUTBOX: "true" })).toBe("smtp");
    expect(mailDelivery({ DEV_OUTBOX: "true" })).toBe("outbox");
    expect(mailDelivery({ SMTP_URL: smtp.SMTP_URL, DEV_OUTBOX: "true" })).toBe("outbox");
    expect(mailDelivery({})).toBe("outbox");
    expect(mailDelivery({ NODE_ENV: "development", DEV_OUTBOX: "" })).toBe("outbox");
    expect(mailDelivery({ DEV_OUTBOX: "false" })).toBe("none");
    expect(mailDelivery({ NODE_ENV: "production" })).toBe("none");
    expect(mailDelivery({ DEV_OUTBOX: "1" })).toBe("none");
  });

  it("writes the default down for Next's bundle, which always sees NODE_ENV=production", () => {
    const development = env({});
    pinDevOutbox(development);
    expect(mailDelivery({ ...development, NODE_ENV: "production" })).toBe("outbox");
    const production = env({ NODE_ENV: "production" });
    pinDevOutbox(production);
    expect(production.DEV_OUTBOX).toBe("false");
  });

  it("refuses to start production with the dev outbox, or with a DEV_OUTBOX that is not a boolean", () => {
    expect(() => checkMailAtStart(env({ NODE_ENV: "production", DEV_OUTBOX: "true" }))).toThrow(/cannot be set with NODE_ENV=production/);
    expect(() => checkMailAtStart(env({ NODE_ENV: "production", DEV_OUTBOX: "true", ...smtp }))).toThrow(/NODE_ENV=production/);
    expect(() => checkMailAtStart(env({ DEV_OUTBOX: "yes" }))).toThrow(/"true" or "false"/);
  });

  it("says clearly at a production start without SMTP that sign-in mail cannot be sent", () => {
    const error = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    checkMailAtStart(env({ NODE_ENV: "production", DEV_OUTBOX: "false" }));
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/sign-in and invite mail cannot be sent/));
    error.mockClear();
    checkMailAtStart(env({ NODE_ENV: "production", ...smtp }));
    expect(error).not.toHaveBeenCalled();
  });

  it("tells a developer without SMTP where sign-in mail goes, without the outbox's secret", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    checkMailAtStart(env({}));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/dev outbox, opened through the link printed on the console/));
    warn.mockClear();
    checkMailAtStart(env({ DEV_OUTBOX: "false" }));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/DEV_OUTBOX=false: sign-in mail cannot be sent/));
  });
});
