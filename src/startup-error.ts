/** A startup failure a person can fix: its message is the whole story (no stack trace is printed; see src/cli/fatal.ts). */
export class StartupError extends Error {
  override name = "StartupError";
}
