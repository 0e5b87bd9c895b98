// pg's internal modules used by statement-group.ts (pg ships no types for them).
declare module "pg/lib/query" {
  const Query: unknown;
  export default Query;
}
declare module "pg/lib/utils" {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}
