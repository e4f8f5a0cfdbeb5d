/** A mistake in how the CLI was called: printed as is, without a stack. */
export class CliError extends Error {}
