// Concurrency of general admission, every booking its own transaction (test/suites/general-admission.ts).
import t from "tap";
import { generalAdmissionSuite } from "../suites/general-admission.ts";

await generalAdmissionSuite(t, "direct");
