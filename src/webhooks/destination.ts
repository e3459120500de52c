import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// Never a destination: link-local (cloud metadata services live there), unspecified, multicast,
// broadcast and the IPv6 forms of these (IPv4-mapped addresses included).
const FORBIDDEN = new BlockList();
FORBIDDEN.addSubnet('169.254.0.0', 16, 'ipv4');
FORBIDDEN.addSubnet('0.0.0.0', 8, 'ipv4');
FORBIDDEN.addSubnet('224.0.0.0', 4, 'ipv4');
FORBIDDEN.addSubnet('240.0.0.0', 4, 'ipv4');
FORBIDDEN.addSubnet('100.100.100.200', 32, 'ipv4'); // Alibaba Cloud's metadata service
FORBIDDEN.addSubnet('fe80::', 10, 'ipv6');
FORBIDDEN.addSubnet('ff00::', 8, 'ipv6');
FORBIDDEN.addSubnet('fd00:ec2::', 32, 'ipv6'); // AWS's IPv6 metadata service
FORBIDDEN.addAddress('::', 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const LOOKUP_TIMEOUT_MS = 3000;

/** Why an address may not receive webhooks, or null when it may. */
export function refusedAddress(address: string, allowLoopback: boolean): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (FORBIDDEN.check(ip, family)) return `${address} is a link-local, metadata or otherwise reserved address`;
  if (!allowLoopback && LOOPBACK.check(ip, family)) return `${address} is a loopback address`;
  return null;
}

/**
 * Checks a webhook URL: http(s), no credentials, and every address its host resolves to allowed.
 * Returns the reason it is refused, or null. Run at registration and before every delivery (DNS
 * may answer differently later).
 */
export async function refusedDestination(url: string, allowLoopback: boolean): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      const found = await Promise.race([
        lookup(host, { all: true, verbatim: true }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS).unref()),
      ]);
      addresses = found.map((entry) => entry.address);
    } catch {
      return `its host ${host} does not resolve`;
    }
  }
  for (const address of addresses) {
    const refused = refusedAddress(address, allowLoopback);
    if (refused) return `its host resolves to ${refused}`;
  }
  return null;
}
