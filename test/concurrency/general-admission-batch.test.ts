// The same concurrency tests with one-step bookings grouped per event by the server's
// batcher into evently_private.book_tickets_batch (test/suites/general-admission.ts).
import t from "tap";
import { generalAdmissionSuite } from "../suites/general-admission.ts";

await generalAdmissionSuite(t, "batch");
