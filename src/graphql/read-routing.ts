// Which GraphQL operations may read from the replica (src/db/replica.ts): queries by
// anonymous callers (browsing), and queries that ask only for display data or admin
// analytics. Mutations, subscriptions and a signed-in user's own data stay on the primary.
// And which operations only book through the batcher and read (onlyBatchedBookings).
import { getOperationAST, Kind, type DocumentNode } from "postgraphile/graphql";

/** Root query fields that are display data or analytics (the REST routes marked `replica: "always"`). */
export const REPLICA_FIELDS = new Set(["eventSeatMap", "analyticsSummary", "analyticsDaily", "analyticsEvents", "bookingStats", "__typename"]);

export function mayReadFromReplica(document: DocumentNode | undefined, operationName: string | null | undefined, anonymous: boolean): boolean {
  if (!document) return false;
  const operation = getOperationAST(document, operationName ?? undefined);
  if (operation?.operation !== "query") return false;
  if (anonymous) return true;
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && REPLICA_FIELDS.has(s.name.value));
}

/**
 * A mutation of bookTickets fields only (through the booking batcher): all else it sends to
 * the database is the payloads' reads, which may be coalesced with other requests'
 * (coalescedReads in src/graphql/pg-adaptor.ts).
 */
export function onlyBatchedBookings(document: DocumentNode | undefined, operationName: string | null | undefined): boolean {
  if (!document) return false;
  const operation = getOperationAST(document, operationName ?? undefined);
  if (operation?.operation !== "mutation") return false;
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === "bookTickets");
}
