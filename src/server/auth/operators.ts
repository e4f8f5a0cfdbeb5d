/**
 * Platform operators (SPEC §8): the users whose emails are listed in PLATFORM_ADMIN_EMAILS, comma separated,
 * compared case-insensitively. Read on every check, so a changed list takes effect without a restart of code
 * that cached it; unset or empty, nobody is an operator.
 */
export function operatorEmails(list = process.env.PLATFORM_ADMIN_EMAILS ?? ""): Set<string> {
  return new Set(
    list
      .split(",")
      .map((email) => email.trim().toLowerCase())
      .filter((email) => email !== ""),
  );
}

export function isOperator(email: string | null | undefined): boolean {
  return typeof email === "string" && operatorEmails().has(email.trim().toLowerCase());
}
