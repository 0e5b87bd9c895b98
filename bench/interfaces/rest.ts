// REST (issue 5) is being built elsewhere. When it lands, a REST booker is the GraphQL
// booker with another request: POST /api/v1/events/:id/bookings, JSON {quantity} (plus
// Idempotency-Key), Bearer token, 201 = success, EVSLD code = refusal. It is not
// written against a guessed route that nothing here could test.
export const REST_NOT_AVAILABLE =
  "interface rest is not available yet: the REST API (issue 5) has not landed. Use --interface sql or graphql.";
