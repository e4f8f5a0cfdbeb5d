import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAppEngine } from "./embedded";
import { makeDataDirPrivate } from "./privateDataDir";

const mode = (file: string) => statSync(file).mode & 0o777;

/** SPEC §9: the database and key files in DATA_DIR are readable by their owner only. */
describe("DATA_DIR is private", () => {
  const saved = { key: process.env.WEBHOOK_ENCRYPTION_KEY, dataDir: process.env.DATA_DIR };
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "ghostspeak-private-"));
    dir = path.join(root, "data");
    process.env.DATA_DIR = dir;
    // Unset, so the development key file is made beside the database.
    delete process.env.WEBHOOK_ENCRYPTION_KEY;
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    for (const [name, value] of [["WEBHOOK_ENCRYPTION_KEY", saved.key], ["DATA_DIR", saved.dataDir]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  /** Opens the app's engine on DATA_DIR and checks every file while it is open (the -wal/-shm files exist then). */
  async function expectPrivateWhileOpen(): Promise<void> {
    const engine = await openAppEngine({ runScheduler: false });
    try {
      const files = readdirSync(dir);
      expect(files).toEqual(expect.arrayContaining(["ghostspeak.db", "ghostspeak.db-wal", "ghostspeak.db-shm", "webhook-encryption.key"]));
      expect(mode(dir)).toBe(0o700);
      for (const file of files) expect([file, mode(path.join(dir, file))]).toEqual([file, 0o600]);
    } finally {
      await engine.close();
    }
  }

  it("creates the directory 0700 and the database, its -wal/-shm and the key file 0600", async () => {
    await expectPrivateWhileOpen();
  });

  it("tightens a directory and files that already exist with looser modes, and says which", async () => {
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    for (const name of ["ghostspeak.db-wal", "ghostspeak.db-shm", "nextauth-secret", "webhook-encryption.key"]) {
      writeFileSync(path.join(dir, name), "", { mode: 0o644 });
      chmodSync(path.join(dir, name), 0o644);
    }
    rmSync(path.join(dir, "ghostspeak.db-wal"));
    rmSync(path.join(dir, "ghostspeak.db-shm"));
    writeFileSync(path.join(dir, "webhook-encryption.key"), `${Buffer.alloc(32, 7).toString("base64")}\n`);
    writeFileSync(path.join(dir, "ghostspeak.db"), "", { mode: 0o664 });
    chmodSync(path.join(dir, "ghostspeak.db"), 0o664);

    const tightened = makeDataDirPrivate();
    expect(tightened.sort()).toEqual([dir, ...["ghostspeak.db", "nextauth-secret", "webhook-encryption.key"].map((f) => path.join(dir, f))].sort());
    expect(mode(dir)).toBe(0o700);
    for (const file of readdirSync(dir)) expect([file, mode(path.join(dir, file))]).toEqual([file, 0o600]);
    // Nothing left to tighten the second time.
    expect(makeDataDirPrivate()).toEqual([]);
  });

  it("tightens the files of an existing DATA_DIR when the engine opens it", async () => {
    await expectPrivateWhileOpen();
    chmodSync(dir, 0o755);
    for (const file of readdirSync(dir)) chmodSync(path.join(dir, file), 0o644);
    await expectPrivateWhileOpen();
  });
});
