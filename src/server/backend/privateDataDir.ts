import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { databasePath, dataDir } from "./config";

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * SPEC §9: DATA_DIR holds the database and the development secrets, so it and every file in it are readable by
 * their owner only. Run before the engine opens the database. Returns the paths whose modes had to be tightened
 * (a directory made by an older version, or copied), for the caller's warning.
 */
export function makeDataDirPrivate(): string[] {
  const dir = dataDir();
  const tightened = ensurePrivateDir(dir) ? [dir] : [];
  // SQLite creates -wal and -shm with the database file's mode, so a database created owner-only keeps them so.
  closeSync(openSync(databasePath(), "a", FILE_MODE));
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isFile() && tighten(file, FILE_MODE)) tightened.push(file);
  }
  return tightened;
}

/** Creates `dir` 0700 when missing; true when it existed with a looser mode, now tightened. */
export function ensurePrivateDir(dir: string): boolean {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  return tighten(dir, DIR_MODE);
}

function tighten(file: string, mode: number): boolean {
  const current = statSync(file).mode & 0o777;
  if ((current & ~mode) === 0) return false;
  chmodSync(file, current & mode);
  return true;
}
