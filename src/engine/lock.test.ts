import { describe, expect, it } from "vitest";
import { FifoLock } from "./lock";

describe("FifoLock", () => {
  it("grants the lock one holder at a time, in request order", async () => {
    const lock = new FifoLock();
    const order: string[] = [];
    const hold = async (name: string, ms: number) => {
      const release = await lock.acquire();
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${name}-`);
      release();
    };
    await Promise.all([hold("a", 10), hold("b", 0), hold("c", 5)]);
    expect(order).toEqual(["a+", "a-", "b+", "b-", "c+", "c-"]);
  });
});
