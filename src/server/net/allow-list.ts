// The admin's egress allowlist (TUTEUR_EGRESS_ALLOW): exact host names and address blocks. Kept apart from
// the guard so the configuration can validate it at start without loading the HTTP client.
import { domainToASCII } from 'node:url';
import { parseCidr, parseIpLiteral, type Cidr } from './ip.ts';

export interface EgressAllowList {
  hosts: ReadonlySet<string>;
  cidrs: readonly Cidr[];
}

/** Lower case, no trailing dot, no IPv6 brackets: the form names are compared in. */
export function normaliseHostname(host: string): string {
  const lower = host.toLowerCase();
  const unbracketed = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

/**
 * Parses allowlist entries. Throws an Error whose French message starts with ": " and names the bad entry,
 * so the caller can put the setting's name in front. IPv4 must be plain dotted decimal and host names must
 * not look numeric, so no entry can mean two things.
 */
export function parseEgressAllowList(entries: readonly string[]): EgressAllowList {
  const hosts = new Set<string>();
  const cidrs: Cidr[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const cidr = parseCidr(entry);
    if (cidr) {
      cidrs.push(cidr);
      continue;
    }
    if (entry.includes('/') || entry.includes(':') || parseIpLiteral(entry)) {
      throw new Error(`: « ${entry} » n’est ni un nom d’hôte ni un bloc d’adresses valide (ex. 10.0.0.0/8, 192.168.1.20, fd00::/8).`);
    }
    const ascii = domainToASCII(normaliseHostname(entry));
    const labels = ascii.split('.');
    const valid =
      ascii !== '' &&
      labels.every((label) => /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/.test(label)) &&
      !/^(\d+|0x[0-9a-f]*)$/.test(labels[labels.length - 1] ?? '');
    if (!valid) throw new Error(`: « ${entry} » n’est pas un nom d’hôte valide (les jokers comme *.exemple.fr ne sont pas acceptés).`);
    hosts.add(ascii);
  }
  return { hosts, cidrs };
}

/** "a, b ,c" or ["a", "b"] → entries (empty ones dropped). */
export function splitList(value: string | readonly string[]): string[] {
  const items = typeof value === 'string' ? value.split(',') : value.flatMap((item) => item.split(','));
  return items.map((item) => item.trim()).filter((item) => item !== '');
}
