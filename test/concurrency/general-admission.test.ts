// Concurrency of general admission, every booking its own transaction (general-admission.suite.ts).
import t from "tap";
import { generalAdmissionSuite } from "./general-admission.suite.ts";

await generalAdmissionSuite(t, "direct");
