/**
 * Names for the ids an audit page mentions (actors, targets, keys and inviters in its details), so the portal
 * never shows a raw id. Each id is read once a page, whatever the number of rows naming it, and a row names at
 * most four (actor, target, one id in its details, a delivery's endpoint): at most 400 reads for a page of 100. An
 * id with no name (deleted, or not this team's) is left out; the portal says "a removed user" and the like.
 */
import type { Doc, Id, TableNames } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { formatKeyDisplay } from "../lib/apiKeyFormat";

/** The detail fields that hold an id, and the table it is from. */
const DETAIL_IDS = { newKeyId: "apiKeys", viaApiKeyId: "apiKeys", invitedBy: "users" } as const satisfies Record<string, TableNames>;

const TARGET_TABLES: Partial<Record<string, "users" | "apiKeys" | "webhookEndpoints" | "webhookDeliveries">> = {
  user: "users",
  apiKey: "apiKeys",
  webhookEndpoint: "webhookEndpoints",
  webhookDelivery: "webhookDeliveries",
};

/** How an API key is named wherever the log mentions it: its name and what the portal shows of the key. */
function keyName(key: { name: string; prefix: string; last4: string }): string {
  return `${key.name} (${formatKeyDisplay(key)})`;
}

export async function auditNames(ctx: QueryCtx, teamId: Id<"teams">, rows: Doc<"auditLog">[]): Promise<Record<string, string>> {
  const names = new Map<string, Promise<string | null>>();

  async function nameOf(table: TableNames, raw: string): Promise<string | null> {
    const id = ctx.db.normalizeId(table, raw);
    if (!id) return null;
    const doc = await ctx.db.get(id);
    if (!doc) return null;
    // Users belong to no team; everything else must be this team's.
    if ("teamId" in doc && doc.teamId !== teamId) return null;
    switch (table) {
      case "users":
        return (doc as Doc<"users">).email;
      case "apiKeys":
        return keyName(doc as Doc<"apiKeys">);
      case "webhookEndpoints":
        return (doc as Doc<"webhookEndpoints">).url;
      case "webhookDeliveries": {
        // A delivery is named by its endpoint's address.
        const endpointId = (doc as Doc<"webhookDeliveries">).endpointId;
        return name("webhookEndpoints", endpointId);
      }
      default:
        return null;
    }
  }

  function name(table: TableNames, raw: string): Promise<string | null> {
    let found = names.get(raw);
    if (!found) {
      found = nameOf(table, raw);
      names.set(raw, found);
    }
    return found;
  }

  const lookups: Promise<string | null>[] = [];
  for (const row of rows) {
    if (row.actorUserId) lookups.push(name("users", row.actorUserId));
    const targetTable = row.targetType ? TARGET_TABLES[row.targetType] : undefined;
    if (targetTable && row.targetId) lookups.push(name(targetTable, row.targetId));
    for (const [field, table] of Object.entries(DETAIL_IDS)) {
      const value = row.details?.[field];
      if (typeof value === "string") lookups.push(name(table, value));
    }
  }
  await Promise.all(lookups);
  const resolved: Record<string, string> = {};
  for (const [id, found] of names) {
    const value = await found;
    if (value !== null) resolved[id] = value;
  }
  return resolved;
}
