// Where webhooks may go: the address policy on its own (no network), and the sender's
// refusals before any connection (names resolved, every address checked).
import t from "tap";
import { addressPolicy, parseAllowList } from "../../src/webhooks/address-policy.ts";
import { sendWebhook, sign } from "../../src/webhooks/send.ts";

t.test("special-purpose addresses are refused, public ones allowed", async (t) => {
  const policy = addressPolicy();
  const refused = ["127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
    "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a00:1", "2001:db8::1"];
  for (const address of refused) t.ok(policy.refusal(address), `${address} refused`);
  for (const address of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:93.184.216.34"]) {
    t.equal(policy.refusal(address), undefined, `${address} allowed`);
  }
  t.ok(policy.refusal("example.com"), "only addresses are judged");
});

t.test("WEBHOOK_ALLOW_PRIVATE lets listed addresses and ranges through, nothing else", async (t) => {
  const policy = addressPolicy(parseAllowList("127.0.0.1, 10.0.0.0/8,::1"));
  for (const address of ["127.0.0.1", "10.9.8.7", "::1", "::ffff:127.0.0.1"]) t.equal(policy.refusal(address), undefined, `${address} allowed`);
  for (const address of ["127.0.0.2", "192.168.0.1", "169.254.169.254"]) t.ok(policy.refusal(address), `${address} still refused`);
  t.throws(() => parseAllowList("localhost"), /not an IP address/, "a malformed entry stops the process at startup");
  t.same(parseAllowList(undefined), []);
});

t.test("the sender refuses before connecting", async (t) => {
  const options = { policy: addressPolicy(), timeoutMs: 2000 };
  const message = { secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", messageId: "msg_1", body: "{}" };
  t.match((await sendWebhook({ ...message, url: "http://localhost:9/x" }, options)).error, /^refused: localhost resolves to .* private or special-purpose/);
  t.match((await sendWebhook({ ...message, url: "http://[::1]:9/x" }, options)).error, /^refused: /);
  t.match((await sendWebhook({ ...message, url: "ftp://example.com/x" }, options)).error, /^refused: ftp: is not http or https/);
  t.match((await sendWebhook({ ...message, url: "http://u:p@example.com/x" }, options)).error, /^refused: credentials/);
});

t.test("signatures follow Standard Webhooks' published example", async (t) => {
  // The example of the Standard Webhooks specification (msg id, timestamp, body, secret).
  const signature = sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
    '{"test": 2432232314}');
  t.equal(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
});
