// Where a webhook may be sent: never to private, loopback, link-local or other special
// addresses (SSRF), unless WEBHOOK_ALLOW_PRIVATE lists them ("127.0.0.1", "10.0.0.0/8",
// "::1"; tests allow 127.0.0.1). Every address a name resolves to is checked, and the
// connection goes to a checked address (no second lookup that DNS could answer differently).
import { BlockList, isIP } from "node:net";

/** Special-purpose ranges (IANA registries) a webhook never reaches by default. */
const REFUSED_V4 = [
  "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
  "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
  "224.0.0.0/4", "240.0.0.0/4",
];
const REFUSED_V6 = [
  "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16",
  "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
];

function addRange(list: BlockList, cidr: string): void {
  const [address, bits] = cidr.split("/");
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  if (!isIP(address)) throw new Error(`not an IP address or CIDR range: ${cidr}`);
  if (bits === undefined) list.addAddress(address, family);
  else list.addSubnet(address, Number(bits), family);
}

export interface AddressPolicy {
  /** Why this address is refused, or undefined when a webhook may go there. */
  refusal(address: string): string | undefined;
}

/** `allowed`: addresses or CIDR ranges let through although special (WEBHOOK_ALLOW_PRIVATE). */
export function addressPolicy(allowed: string[] = []): AddressPolicy {
  const refused = new BlockList();
  for (const cidr of REFUSED_V4) addRange(refused, cidr);
  for (const cidr of REFUSED_V6) addRange(refused, cidr);
  const allow = new BlockList();
  for (const cidr of allowed.map((a) => a.trim()).filter(Boolean)) addRange(allow, cidr);
  const check = (address: string, family: "ipv4" | "ipv6") =>
    allow.check(address, family) ? undefined : refused.check(address, family) ? `${address} is a private or special-purpose address` : undefined;
  return {
    refusal(address) {
      const family = isIP(address);
      if (family === 4) return check(address, "ipv4");
      if (family !== 6) return `${address} is not an IP address`;
      // IPv4-mapped and IPv4-compatible IPv6 (::ffff:10.0.0.1) reach the IPv4 address.
      const mapped = /^(?:::ffff:|::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address) ?? /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
      if (mapped) {
        const v4 = mapped.length === 2 ? mapped[1]
          : [parseInt(mapped[1], 16) >> 8, parseInt(mapped[1], 16) & 255, parseInt(mapped[2], 16) >> 8, parseInt(mapped[2], 16) & 255].join(".");
        return check(v4, "ipv4") ?? (/^::ffff:/i.test(address) ? undefined : check(address, "ipv6"));
      }
      return check(address, "ipv6");
    },
  };
}

/** WEBHOOK_ALLOW_PRIVATE's value as a list. */
export function parseAllowList(raw: string | undefined): string[] {
  const list = (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  addressPolicy(list); // throws on a malformed entry, at startup
  return list;
}
