/**
 * The keys table's rows: each rotated (old) key placed under the key that replaced it and named as its
 * predecessor ("Production (rotated Dec 6)"), so a rotation no longer leaves rows of the same name side by side.
 */

import { formatDateTime, formatDay } from "@/lib/formatDate";

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

export function keyStatus(key: ListedKey): string {
  if (key.revokedAt !== undefined) return "revoked";
  if (key.graceUntil !== undefined) return key.usable ? `rotated, valid until ${formatDateTime(key.graceUntil)}` : "rotated, no longer valid";
  return key.usable ? "active" : "expired";
}

/**
 * Keys in the order given (newest first), each followed by the chain of keys it replaced. A rotated key whose
 * successor is not listed stays where it is. The rotation time is the successor's creation.
 */
export function keyRows<K extends ListedKey>(keys: readonly K[]): KeyRow<K>[] {
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
    const label = !rotated ? key.name : successor ? `${key.name} (rotated ${formatDay(successor.createdAt)})` : `${key.name} (rotated)`;
    rows.push({ key, label, status: keyStatus(key), depth });
    for (const older of predecessors.get(key.keyId) ?? []) place(older, depth + 1);
  };
  for (const key of keys) if (key.replacedByKeyId === undefined || !listed.has(key.replacedByKeyId)) place(key, 0);
  return rows;
}
