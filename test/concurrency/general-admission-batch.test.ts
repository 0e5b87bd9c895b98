// The same concurrency tests with one-step bookings grouped per event by the server's
// batcher into evently_private.book_tickets_batch (general-admission.suite.ts).
import t from "tap";
import { generalAdmissionSuite } from "./general-admission.suite.ts";

await generalAdmissionSuite(t, "batch");
