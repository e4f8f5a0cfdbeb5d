/**
 * Constant-time string comparison for secrets.
 *
 * The Convex runtime has no `node:crypto` (so no `timingSafeEqual`), hence this hand-written loop. It always
 * walks the longer of the two inputs and folds the length difference into the result, so the time taken
 * depends only on the lengths, never on where the first differing byte is.
 */
const encoder = new TextEncoder();

export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  const length = Math.max(left.length, right.length);
  let diff = left.length ^ right.length;
  for (let i = 0; i < length; i++) {
    // Out-of-range reads give undefined; `| 0` turns them into 0 without a data-dependent branch.
    diff |= (left[i] | 0) ^ (right[i] | 0);
  }
  return diff === 0;
}
