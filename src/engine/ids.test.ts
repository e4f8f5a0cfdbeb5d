import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newId, tableNumberOfId } from "./ids";

describe("ids", () => {
  it("round-trips the table number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (t) => {
        const id = newId(t);
        expect(id).toMatch(/^[0-9a-z]+$/);
        expect(tableNumberOfId(id)).toBe(t);
      }),
    );
  });

  it("makes distinct ids", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId(10001)));
    expect(ids.size).toBe(10_000);
  });

  it("sorts a table's later ids after its earlier ones (new by_id keys go to the end of the index)", async () => {
    const earlier = newId(10001);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const later = Array.from({ length: 100 }, () => newId(10001));
    for (const id of later) expect(id > earlier, `${id} > ${earlier}`).toBe(true);
  });

  it("rejects strings that are not ids", () => {
    const id = newId(10001);
    const flipped = id.slice(0, 5) + (id[5] === "a" ? "b" : "a") + id.slice(6);
    for (const s of ["", "abc", id + "0", id.toUpperCase(), flipped, id.slice(0, -1) + "!"]) {
      expect(tableNumberOfId(s), s).toBeNull();
    }
  });
});
