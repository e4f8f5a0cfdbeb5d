/**
 * The keys table's rows: each rotated (old) key placed under the key that replaced it and named as its
 * predecessor ("Production (rotated 6 Dec)"), so a rotation no longer leaves rows of the same name side by side.
 */

/** The fields of a listed key this module reads (apiKeys.list's view). */
export type ListedKey = {
  keyId: string;
  name: string;
  createdAt: number;
  usable: boolean;
  revokedAt?: number;
  graceUntil?: number;
  replacedByKeyId?: string;
};

export type KeyRow<K extends ListedKey> = {
  key: K;
  /** The name as the table shows it. */
  label: string;
  status: string;
  /** 0 for a key in its own right, 1 for the key it replaced, 2 for the one before, … */
  depth: number;
};

const formats = (timeZone?: string) => ({
  day: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone }),
  dateTime: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone }),
});

/** "6 Dec 2026, 14:05": one way to write a moment across the keys pages. */
export function formatDateTime(ms: number, timeZone?: string): string {
  return formats(timeZone).dateTime.format(ms);
}

export function keyStatus(key: ListedKey, timeZone?: string): string {
  if (key.revokedAt !== undefined) return "revoked";
  if (key.graceUntil !== undefined) return key.usable ? `rotated, valid until ${formatDateTime(key.graceUntil, timeZone)}` : "rotated, no longer valid";
  return key.usable ? "active" : "expired";
}

/**
 * Keys in the order given (newest first), each followed by the chain of keys it replaced. A rotated key whose
 * successor is not listed stays where it is. The rotation time is the successor's creation.
 */
export function keyRows<K extends ListedKey>(keys: readonly K[], timeZone?: string): KeyRow<K>[] {
  const { day } = formats(timeZone);
  const listed = new Map(keys.map((key) => [key.keyId, key]));
  const predecessors = new Map<string, K[]>();
  for (const key of keys) {
    if (key.replacedByKeyId !== undefined && listed.has(key.replacedByKeyId)) {
      predecessors.set(key.replacedByKeyId, [...(predecessors.get(key.replacedByKeyId) ?? []), key]);
    }
  }
  const rows: KeyRow<K>[] = [];
  const place = (key: K, depth: number) => {
    const successor = key.replacedByKeyId === undefined ? undefined : listed.get(key.replacedByKeyId);
    const rotated = key.graceUntil !== undefined || key.replacedByKeyId !== undefined;
    const label = !rotated ? key.name : successor ? `${key.name} (rotated ${day.format(successor.createdAt)})` : `${key.name} (rotated)`;
    rows.push({ key, label, status: keyStatus(key, timeZone), depth });
    for (const older of predecessors.get(key.keyId) ?? []) place(older, depth + 1);
  };
  for (const key of keys) if (key.replacedByKeyId === undefined || !listed.has(key.replacedByKeyId)) place(key, 0);
  return rows;
}
