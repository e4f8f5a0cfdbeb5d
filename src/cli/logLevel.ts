// Imported first by the CLI: an operator's stderr carries the one-line reason of a failure, not the server's
// start-up notices. `LOG_LEVEL=info npm run admin -- …` shows them.
process.env.LOG_LEVEL ??= "error";
