/** A delivery attempt succeeds when the receiver answers 2xx (SPEC §5); any other status, or none, is a failure. */
export function attemptSucceeded(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}
