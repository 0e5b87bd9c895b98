// Verifies the bearer token before any route runs; a bad or expired token is a 401,
// never a silent downgrade to anonymous.
import type { NextFunction, Request, Response } from "express";
import { claimsFromHeader, InvalidTokenError, type Claims } from "../auth/tokens.ts";
import { problemFor, sendProblem } from "../rest/problem.ts";

declare module "express-serve-static-core" {
  interface Request {
    evently?: { claims?: Claims };
  }
}

/** previousSecret: JWT_SECRET_PREVIOUS, accepted beside the current one during a rotation. */
export function authenticate(jwtSecret: string, previousSecret?: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      req.evently = { claims: claimsFromHeader(req.headers.authorization, jwtSecret, previousSecret) };
      next();
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      res.status(401).set("WWW-Authenticate", 'Bearer error="invalid_token"');
      if (req.path.startsWith("/graphql")) {
        res.json({ errors: [{ message: error.message, extensions: { code: error.code, status: 401 } }] });
      } else {
        sendProblem(res, problemFor(error.code, error.message, undefined, req.originalUrl));
      }
    }
  };
}
