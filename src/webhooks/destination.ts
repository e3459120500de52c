import { lookup } from 'node:dns/promises';
import { isIP, LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Where webhooks may go besides public unicast addresses: host names and addresses or CIDR ranges
 * an operator allowed (`WEBHOOKS_ALLOWED_HOSTS`, e.g. a receiver on the private network).
 */
export interface DestinationPolicy {
  hosts: ReadonlySet<string>;
  ranges: readonly [Address, number][];
}

/** Parses `WEBHOOKS_ALLOWED_HOSTS`: comma-separated host names, addresses and CIDR ranges. Throws on a bad CIDR. */
export function destinationPolicy(allowed: readonly string[]): DestinationPolicy {
  const hosts = new Set<string>();
  const ranges: [Address, number][] = [];
  for (const raw of allowed.map((entry) => entry.trim().toLowerCase()).filter(Boolean)) {
    const bare = raw.replace(/^\[|\]$/g, '');
    if (raw.includes('/')) ranges.push(ipaddr.parseCIDR(raw));
    else if (ipaddr.isValid(bare)) {
      const address = ipaddr.parse(bare);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(raw);
  }
  return { hosts, ranges };
}

export const NO_EXCEPTIONS: DestinationPolicy = { hosts: new Set(), ranges: [] };

/** IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) are judged as the IPv4 address they carry. */
function normalised(address: string): Address {
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address()
    : parsed;
}

/**
 * Why an address may not receive webhooks, or null when it may: anything but public unicast
 * (loopback, private, link-local and the metadata services there, carrier-grade NAT, unique-local,
 * unspecified, multicast, broadcast, reserved, and IPv6 forms embedding IPv4) is refused unless the
 * operator's policy allows its range.
 */
export function refusedAddress(address: string, policy: DestinationPolicy): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const parsed = normalised(address);
  const range = parsed.range();
  if (range === 'unicast') return null;
  const allowed = policy.ranges.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits));
  return allowed ? null : `${address} is a ${range} address, which may not receive webhooks`;
}

/** The scheme and form of a webhook URL: why it is refused, or null. No network access. */
export function refusedUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  return null;
}

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolution = { refused: string } | { refused: null; addresses: CheckedAddress[] };

const LOOKUP_TIMEOUT_MS = 3000;

/**
 * Resolves a webhook URL's host and checks every address it resolves to. The delivery then connects
 * to these addresses and no others (see `pinnedLookup`), so a host that resolves differently a moment
 * later (DNS rebinding) cannot redirect it. Run at registration and before every attempt.
 */
export async function resolveDestination(url: string, policy: DestinationPolicy): Promise<Resolution> {
  const malformed = refusedUrl(url);
  if (malformed) return { refused: malformed };
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  let addresses: CheckedAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) as 4 | 6 }];
  } else {
    try {
      const found = await Promise.race([
        lookup(host, { all: true, verbatim: true }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS).unref()),
      ]);
      addresses = found.map((entry) => ({ address: entry.address, family: entry.family as 4 | 6 }));
    } catch {
      return { refused: `its host ${host} does not resolve` };
    }
    if (addresses.length === 0) return { refused: `its host ${host} does not resolve` };
    if (policy.hosts.has(host)) return { refused: null, addresses };
  }
  for (const { address } of addresses) {
    const refused = refusedAddress(address, policy);
    if (refused) return { refused: `its host resolves to ${refused}` };
  }
  return { refused: null, addresses };
}

/** Checks a webhook URL (see resolveDestination): the reason it is refused, or null. */
export async function refusedDestination(url: string, policy: DestinationPolicy): Promise<string | null> {
  return (await resolveDestination(url, policy)).refused;
}

/**
 * A `lookup` for node:net that answers with addresses already resolved and checked, never asking DNS
 * again: the connection goes where the check said it may (no DNS rebinding between check and connect).
 */
export function pinnedLookupOf(addresses: readonly CheckedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = addresses.filter((entry) => wanted === 0 || entry.family === wanted);
    if (usable.length === 0) {
      const error = Object.assign(new Error(`no IPv${wanted} address was checked for this host`), {
        code: 'ENOTFOUND',
      });
      callback(error, '', 0);
      return;
    }
    if (options.all) {
      (callback as unknown as (err: null, addresses: CheckedAddress[]) => void)(null, usable);
    } else {
      callback(null, usable[0].address, usable[0].family);
    }
  };
}
