// Builds `name => $n` arguments for the fields a client actually sent, so omitted fields
// take the SQL function's own defaults (no default is repeated in TypeScript).
const CASTS: Record<string, string> = {
  hold_ttl_seconds: "hold_ttl => make_interval(secs => $)",
  offer_ttl: "offer_ttl => $::interval",
  category_prices: "category_prices => $::jsonb",
};

export function namedArgs(body: Record<string, unknown>, fields: string[], first = 1): { sql: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  for (const field of fields) {
    if (body[field] === undefined) continue;
    values.push(body[field]);
    const placeholder = `$${first + values.length - 1}`;
    parts.push(CASTS[field] ? CASTS[field].replace("$", placeholder) : `${field} => ${placeholder}`);
  }
  return { sql: parts.join(", "), values };
}
