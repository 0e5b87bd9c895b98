// What the load generator drives: one booking attempt per call, classified.
export type Outcome = "success" | "refusal" | "error";

export interface Booker {
  /** e.g. "sql", "graphql x2". */
  label: string;
  book(eventId: string, user: number, idempotencyKey: string): Promise<Outcome>;
  /**
   * Reserved seating: hold the best `quantity` seats (evently.hold_best_available).
   * Only Evently's own API has it (atomic over sql, GraphQL).
   */
  holdBestAvailable?(eventId: string, user: number, quantity: number): Promise<Outcome>;
  /** A few distinct error messages seen (errors are counted, these explain them). */
  errors: Map<string, number>;
  close(): Promise<void>;
}

export function noteError(errors: Map<string, number>, message: string): "error" {
  if (errors.size < 20 || errors.has(message)) errors.set(message, (errors.get(message) ?? 0) + 1);
  return "error";
}
