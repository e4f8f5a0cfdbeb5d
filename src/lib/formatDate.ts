/**
 * The portal's one way to show a time: in UTC, spelled out by hand, so the server's render and the browser's
 * agree whatever either's time zone, locale or ICU version (a mismatch is React's hydration error #418).
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const twoDigits = (n: number) => String(n).padStart(2, "0");

/** "Dec 6" */
export function formatDay(ms: number): string {
  const date = new Date(ms);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
}

/** "Dec 6, 2026" */
export function formatDate(ms: number): string {
  return `${formatDay(ms)}, ${new Date(ms).getUTCFullYear()}`;
}

/** "Dec 6, 2026, 04:14 UTC" */
export function formatDateTime(ms: number): string {
  const date = new Date(ms);
  return `${formatDate(ms)}, ${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())} UTC`;
}

/** "December 2026" */
export function formatMonth(ms: number): string {
  const date = new Date(ms);
  return `${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
