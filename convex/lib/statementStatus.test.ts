import { describe, expect, it } from "vitest";
import { furthestStatus } from "./statementStatus";

describe("furthestStatus", () => {
  it("moves forward through finalized, failed and paid or void", () => {
    expect(furthestStatus("open", "finalized")).toBe("finalized");
    expect(furthestStatus("finalized", "failed")).toBe("failed");
    expect(furthestStatus("failed", "paid")).toBe("paid");
    expect(furthestStatus("failed", "void")).toBe("void");
  });

  it("never moves back: a late finalized or failure leaves a paid or void statement as it is", () => {
    expect(furthestStatus("paid", "finalized")).toBe("paid");
    expect(furthestStatus("paid", "failed")).toBe("paid");
    expect(furthestStatus("void", "finalized")).toBe("void");
    expect(furthestStatus("failed", "finalized")).toBe("failed");
  });

  it("keeps the stored final status when the other final one is reported", () => {
    expect(furthestStatus("paid", "void")).toBe("paid");
    expect(furthestStatus("void", "paid")).toBe("void");
  });
});
