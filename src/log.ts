import pino from "pino";
import { config } from "./config.ts";

// Passwords and tokens never reach the log: redact them wherever they appear.
export const log = pino({
  level: config.logLevel,
  redact: {
    paths: ["password", "*.password", "req.headers.authorization", "token", "*.token", "jwtSecret"],
    censor: "[redacted]",
  },
});
