// The one gate for outbound HTTP: a URL may be contacted only when it resolves to this machine, the
// school's private network, or a host or block the admin allowlisted (TUTEUR_EGRESS_ALLOW). The decision is
// taken on the parsed address bytes, again at every connection (inside the socket's DNS lookup, so a name
// that re-resolves elsewhere is caught) and at every redirect.
//
// Not local by default, with the reason:
// - 100.64.0.0/10 (shared/CGNAT): the operator's side of a carrier NAT, and where some clouds put their
//   metadata service (100.100.100.200); an overlay network that uses it (Tailscale…) is allowlisted by CIDR.
// - 169.254.0.0/16 and fe80::/10 (link-local): the cloud metadata address 169.254.169.254 lives there and
//   no inference server is reached that way.
// - 0.0.0.0/8 and :: : not a destination; Linux quietly turns them into loopback, a classic bypass.
// - fd00:ec2::254: the IPv6 metadata address, although inside the otherwise allowed unique-local block.

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { domainToASCII } from 'node:url';
import { Agent, buildConnector, Headers, fetch as undiciFetch, type Dispatcher, type RequestInit, type Response } from 'undici';
import { normaliseHostname, parseEgressAllowList, type EgressAllowList } from './allow-list.ts';
import { cidrContains, classifyAddress, LOCAL_CLASSES, parseIpLiteral, type IpAddress } from './ip.ts';

export type EgressRefusalReason = 'invalid-url' | 'scheme' | 'credentials' | 'address' | 'unresolvable' | 'redirect';

export class EgressRefusedError extends Error {
  /** The host the refusal is about (never the path, query or credentials). */
  readonly host: string;
  readonly reason: EgressRefusalReason;
  constructor(host: string, reason: EgressRefusalReason, message: string) {
    super(message);
    this.name = 'EgressRefusedError';
    this.host = host;
    this.reason = reason;
  }
}

export interface EgressLogger {
  warn(obj: object, msg?: string): void;
}

/** Name resolution, replaceable in tests (DNS rebinding) — the default asks the system resolver. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface EgressGuardOptions {
  /** TUTEUR_EGRESS_ALLOW entries: host names (exact) and CIDR blocks or single addresses. */
  allow?: readonly string[];
  logger?: EgressLogger;
  resolve?: Resolver;
  /** TCP (and TLS) connection set-up, name resolution included. Default 5 s. */
  connectTimeoutMs?: number;
}

export interface GuardedFetchInit extends Omit<RequestInit, 'dispatcher' | 'redirect'> {
  /** Redirects followed (GET/HEAD only), each target checked like the first URL. Default 0: refused. */
  maxRedirects?: number;
}

export interface EgressGuard {
  /** Full check before use (DNS included). Resolves with the parsed URL; rejects with EgressRefusedError. */
  checkUrl(url: string | URL): Promise<URL>;
  /** Whether a textual IP address may be connected to (allowlisted names aside). */
  isAllowedAddress(address: string): boolean;
  /** net/tls `lookup` that refuses any name resolving to a forbidden address, at every connection. */
  readonly lookup: LookupFunction;
  /** An undici dispatcher whose every new connection goes through the checks. */
  readonly dispatcher: Dispatcher;
  /** fetch through the dispatcher, with redirects never followed blindly (a plain function: safe to pass around). */
  readonly fetch: (url: string | URL, init?: GuardedFetchInit) => Promise<Response>;
  close(): Promise<void>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ALLOW_VARIABLE = 'TUTEUR_EGRESS_ALLOW';

/** The EgressRefusedError behind an error, however deep undici wrapped it ("fetch failed" → cause…). */
export function findEgressRefusal(error: unknown): EgressRefusedError | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (current instanceof EgressRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const defaultResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, order: 'verbatim' }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export function createEgressGuard(options: EgressGuardOptions = {}): EgressGuard {
  let allow: EgressAllowList;
  try {
    allow = parseEgressAllowList(options.allow ?? []);
  } catch (error) {
    throw new Error(`${ALLOW_VARIABLE} ${(error as Error).message}`, { cause: error });
  }
  const resolve = options.resolve ?? defaultResolver;
  const logger = options.logger;

  function refuse(host: string, reason: EgressRefusalReason, detail = ''): EgressRefusedError {
    // A name that does not resolve is an outage, not a policy decision: the caller reports it.
    if (reason !== 'unresolvable') logger?.warn({ host, reason }, 'egress refused');
    const shown = `« ${host} »`;
    const messages: Record<EgressRefusalReason, string> = {
      'invalid-url': 'Adresse refusée : ce n’est pas une URL valide.',
      scheme: `Adresse refusée : seuls les protocoles http et https sont autorisés${detail ? ` (reçu « ${detail} »)` : ''}.`,
      credentials: `Adresse refusée pour ${shown} : l’URL ne doit contenir ni identifiant ni mot de passe (une clé d’API se configure à part).`,
      address: `Connexion refusée vers ${shown} : Tuteur ne contacte que la machine elle-même, les adresses privées du réseau de l’établissement et les hôtes autorisés dans ${ALLOW_VARIABLE}.`,
      unresolvable: `Connexion impossible vers ${shown} : ce nom d’hôte ne peut pas être résolu.`,
      redirect: `Redirection refusée depuis ${shown} : indiquez directement l’adresse finale du serveur dans la configuration.`,
    };
    return new EgressRefusedError(host, reason, messages[reason]);
  }

  function addressAllowed(address: IpAddress): boolean {
    return LOCAL_CLASSES.has(classifyAddress(address)) || allow.cidrs.some((cidr) => cidrContains(cidr, address));
  }

  function isAllowedAddress(text: string): boolean {
    const address = parseIpLiteral(text);
    return address !== undefined && addressAllowed(address);
  }

  function checkUrlSyntax(input: string | URL): URL {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw refuse('?', 'invalid-url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(url.hostname || '?', 'scheme', url.protocol);
    if (url.hostname === '') throw refuse('?', 'invalid-url');
    if (url.username !== '' || url.password !== '') throw refuse(url.hostname, 'credentials');
    // The URL parser already turned every IPv4 spelling into dotted decimal and left anything else a name
    // ("127.0.0.1.." is a name): only its literals are judged here, as bytes.
    const literal = parseIpLiteral(url.hostname);
    if (literal && !addressAllowed(literal)) throw refuse(normaliseHostname(url.hostname), 'address');
    return url;
  }

  /** Resolves a name and checks every address it has: one forbidden answer refuses the whole name. */
  async function resolveChecked(hostname: string): Promise<LookupAddress[]> {
    const host = normaliseHostname(hostname);
    let addresses: LookupAddress[];
    try {
      addresses = await resolve(host);
    } catch {
      throw refuse(host, 'unresolvable');
    }
    if (addresses.length === 0) throw refuse(host, 'unresolvable');
    if (allow.hosts.has(domainToASCII(host))) return addresses;
    for (const entry of addresses) {
      const parsed = parseIpLiteral(entry.address);
      if (!parsed || !addressAllowed(parsed)) throw refuse(host, 'address');
    }
    return addresses;
  }

  async function checkUrl(input: string | URL): Promise<URL> {
    const url = checkUrlSyntax(input);
    if (!parseIpLiteral(url.hostname)) await resolveChecked(url.hostname);
    return url;
  }

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
    resolveChecked(hostname).then(
      (addresses) => {
        const wanted = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        const first = wanted[0];
        if (!first) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
        } else if (lookupOptions.all) {
          callback(null, wanted);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: Error) => callback(error, ''),
    );
  };

  const connectViaLookup = buildConnector({ timeout: options.connectTimeoutMs ?? 5000, lookup });
  // A literal address skips `lookup` inside net.connect, so it is checked here, at each connection too.
  const connector: buildConnector.connector = (connectOptions, callback) => {
    const literal = isIP(connectOptions.hostname) ? parseIpLiteral(connectOptions.hostname) : undefined;
    if (literal && !addressAllowed(literal)) {
      callback(refuse(connectOptions.hostname, 'address'), null);
      return;
    }
    connectViaLookup(connectOptions, callback);
  };
  const agent = new Agent({ connect: connector });

  async function guardedFetch(input: string | URL, init: GuardedFetchInit = {}): Promise<Response> {
    const { maxRedirects = 0, ...requestInit } = init;
    const method = (requestInit.method ?? 'GET').toUpperCase();
    const headers = new Headers(requestInit.headers);
    let target = await checkUrl(input);
    for (let hop = 0; ; hop++) {
      let response: Response;
      try {
        response = await undiciFetch(target, { ...requestInit, headers, redirect: 'manual', dispatcher: agent });
      } catch (error) {
        throw findEgressRefusal(error) ?? error;
      }
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      if (hop >= maxRedirects || (method !== 'GET' && method !== 'HEAD')) throw refuse(normaliseHostname(target.hostname), 'redirect');
      let next: URL;
      try {
        next = new URL(location, target);
      } catch {
        throw refuse(normaliseHostname(target.hostname), 'redirect');
      }
      // Credentials meant for one server never travel to another.
      if (next.origin !== target.origin) for (const name of ['authorization', 'cookie', 'proxy-authorization']) headers.delete(name);
      target = await checkUrl(next);
    }
  }

  return {
    checkUrl,
    isAllowedAddress,
    lookup,
    dispatcher: agent,
    fetch: guardedFetch,
    close: () => agent.destroy(),
  };
}

