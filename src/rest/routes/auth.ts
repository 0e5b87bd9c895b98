// Accounts: register, login (the token is evently.authenticate's claims, signed here), me.
import { signToken, type Claims } from "../../auth/tokens.ts";
import { ProblemError } from "../problem.ts";
import { one, type RouteSpec } from "../route.ts";
import { schemaRef } from "../schemas.ts";
import { USER } from "../columns.ts";

export function authRoutes(jwtSecret: string): RouteSpec[] {
  return [
    {
      method: "post", path: "/auth/register", operationId: "register", tag: "auth", auth: "anyone",
      summary: "Create an account", rateLimit: "auth",
      body: schemaRef("RegisterRequest"),
      success: { status: 201, schema: schemaRef("User"), description: "The new account" },
      errors: ["EVINV", "EVWPW", "EVEML"],
      handler: async ({ sql, body }) =>
        one(await sql(`select ${USER} from evently.register(email => $1, password => $2, name => $3) u`,
          [body.email, body.password, body.name]), "User"),
    },
    {
      method: "post", path: "/auth/login", operationId: "login", tag: "auth", auth: "anyone",
      summary: "Exchange email and password for a bearer token (24 hours)", rateLimit: "auth",
      body: schemaRef("LoginRequest"),
      success: { status: 200, schema: schemaRef("Token"), description: "A signed token" },
      errors: ["EVCRD"],
      handler: async ({ sql, body }) => {
        const [claims] = await sql<{ role: Claims["role"]; user_id: string; exp: number }>(
          "select role, user_id, exp::double precision as exp from evently.authenticate(email => $1, password => $2)",
          [body.email, body.password],
        );
        const token = signToken({ role: claims.role, user_id: claims.user_id, exp: claims.exp }, jwtSecret);
        return {
          token, token_type: "Bearer", expires_at: new Date(claims.exp * 1000).toISOString(),
          user_id: claims.user_id, role: claims.role,
        };
      },
    },
    {
      method: "get", path: "/me", operationId: "currentUser", tag: "auth", auth: "user",
      summary: "The signed-in user",
      success: { status: 200, schema: schemaRef("User"), description: "The signed-in user" },
      errors: [],
      handler: async ({ sql }) => {
        const [user] = await sql(`select ${USER} from evently.current_user() u where u.id is not null`);
        // A valid token for a deleted account.
        if (!user) throw new ProblemError("EVAUT", "This account no longer exists");
        return user;
      },
    },
  ];
}
