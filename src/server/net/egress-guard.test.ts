import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseEgressAllowList, splitList } from './allow-list.ts';
import { createEgressGuard, EgressRefusedError, findEgressRefusal, type EgressGuard, type EgressRefusalReason, type Resolver } from './egress-guard.ts';

const v4 = (address: string) => ({ address, family: 4 });
const v6 = (address: string) => ({ address, family: 6 });

/** A stand-in DNS: the corpus must not depend on the machine's resolver or on the Internet. */
const names: Record<string, Array<{ address: string; family: number }>> = {
  localhost: [v4('127.0.0.1'), v6('::1')],
  'gpu.lycee.lan': [v4('10.1.2.3')],
  'ollama.lan': [v6('fd12::5')],
  '127.0.0.1.nip.io': [v4('127.0.0.1')],
  'mapped.example': [v6('::ffff:127.0.0.1')],
  'inference.academie.fr': [v4('198.51.100.10')],
  'evil.example': [v4('93.184.216.34')],
  'api.openai.com': [v4('104.18.7.192')],
  'mixed.example': [v4('10.0.0.1'), v4('8.8.8.8')],
  'metadata.google.internal': [v4('169.254.169.254')],
  'mapped-public.example': [v6('::ffff:8.8.8.8')],
  'zero.example': [v4('0.0.0.0')],
  'empty.example': [],
};
const fakeResolver: Resolver = async (host) => {
  const answer = names[host];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return answer;
};

const ALLOW = ['inference.academie.fr', '203.0.113.0/24', '2001:db8:1::/48'];

type Expected = 'allowed' | EgressRefusalReason;

// [url, expected outcome, why the case is here]
const CORPUS: Array<[string, Expected, string]> = [
  ['http://127.0.0.1:8080/v1', 'allowed', 'loopback'],
  ['http://127.1/', 'allowed', 'short form'],
  ['http://127.0.1/', 'allowed', 'three-part short form'],
  ['http://2130706433/', 'allowed', 'decimal'],
  ['http://0x7f000001/', 'allowed', 'hex'],
  ['http://0x7f.1/', 'allowed', 'hex short form'],
  ['http://0177.0.0.1/', 'allowed', 'octal'],
  ['http://0177.1/', 'allowed', 'octal short form'],
  ['http://127.0.0.1./', 'allowed', 'trailing dot'],
  ['http://１２７.０.０.１/', 'allowed', 'full-width digits'],
  ['http://127.255.255.254/', 'allowed', 'end of 127/8'],
  ['http://[::1]:8080/', 'allowed', 'IPv6 loopback'],
  ['http://[0::1]/', 'allowed', 'IPv6 loopback, other spelling'],
  ['http://[0000:0000:0000:0000:0000:0000:0000:0001]/', 'allowed', 'IPv6 loopback, uncompressed'],
  ['http://[::ffff:127.0.0.1]/', 'allowed', 'IPv4-mapped, dotted'],
  ['http://[::ffff:7f00:1]/', 'allowed', 'IPv4-mapped, hex'],
  ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'allowed', 'IPv4-mapped, uncompressed'],
  ['http://[::127.0.0.1]/', 'allowed', 'IPv4-compatible'],
  ['https://[::1]/', 'allowed', 'https'],
  ['http://10.0.0.1/', 'allowed', 'RFC 1918 10/8'],
  ['http://10.255.255.255/', 'allowed', 'end of 10/8'],
  ['http://0xa.0x0.0x0.0x1/', 'allowed', '10.0.0.1 in hex parts'],
  ['http://012.1/', 'allowed', '10.0.0.1 in octal short form'],
  ['http://167772161/', 'allowed', '10.0.0.1 in decimal'],
  ['http://172.16.0.1/', 'allowed', 'RFC 1918 172.16/12'],
  ['http://172.31.255.254/', 'allowed', 'end of 172.16/12'],
  ['http://192.168.1.10:1234/v1', 'allowed', 'RFC 1918 192.168/16'],
  ['http://3232235777/', 'allowed', '192.168.1.1 in decimal'],
  ['http://0300.0250.1.1/', 'allowed', '192.168.1.1 in octal'],
  ['http://[::ffff:a00:1]/', 'allowed', 'mapped 10.0.0.1'],
  ['http://[::ffff:192.168.0.1]/', 'allowed', 'mapped 192.168.0.1'],
  ['http://[fd12:3456:789a::1]/', 'allowed', 'IPv6 unique-local'],
  ['http://[fc00::1]/', 'allowed', 'start of fc00::/7'],
  ['http://localhost:11434/v1', 'allowed', 'name resolving to loopback'],
  ['http://LOCALHOST./', 'allowed', 'upper case and trailing dot'],
  ['http://gpu.lycee.lan/', 'allowed', 'name resolving to a private address'],
  ['http://Gpu.Lycee.Lan./', 'allowed', 'same name, other spelling'],
  ['http://ollama.lan:11434/', 'allowed', 'name resolving to a unique-local address'],
  ['http://127.0.0.1.nip.io/', 'allowed', 'decided on what the name resolves to'],
  ['http://mapped.example/', 'allowed', 'resolver answering a mapped loopback address'],
  ['https://inference.academie.fr/v1', 'allowed', 'allowlisted name with a public address'],
  ['https://INFERENCE.academie.fr./', 'allowed', 'allowlisted name, other spelling'],
  ['http://203.0.113.7/', 'allowed', 'allowlisted block'],
  ['http://[::ffff:203.0.113.7]/', 'allowed', 'allowlisted block, mapped'],
  ['http://[2001:db8:1::10]/', 'allowed', 'allowlisted IPv6 block'],
  ['http://127.0.0.1:8080/v1?x=1#frag', 'allowed', 'query and fragment'],

  ['http://8.8.8.8/', 'address', 'public'],
  ['http://134744072/', 'address', '8.8.8.8 in decimal'],
  ['http://0x08080808/', 'address', '8.8.8.8 in hex'],
  ['http://010.010.010.010/', 'address', '8.8.8.8 in octal (not 10.10.10.10)'],
  ['http://%38.8.8.8/', 'address', 'percent-encoded host'],
  ['http:/\\8.8.8.8/', 'address', 'backslash and missing slash'],
  ['http://８.８.８.８/', 'address', 'full-width digits'],
  ['http://[::ffff:8.8.8.8]/', 'address', 'mapped public'],
  ['http://[::ffff:808:808]/', 'address', 'mapped public, hex'],
  ['http://[::8.8.8.8]/', 'address', 'compatible public'],
  ['http://[2001:4860:4860::8888]/', 'address', 'public IPv6'],
  ['http://[2001:db8:2::1]/', 'address', 'next to the allowlisted IPv6 block'],
  ['http://203.0.114.1/', 'address', 'next to the allowlisted block'],
  ['http://172.32.0.1/', 'address', 'just after 172.16/12'],
  ['http://172.15.255.255/', 'address', 'just before 172.16/12'],
  ['http://192.169.0.1/', 'address', 'just after 192.168/16'],
  ['http://11.0.0.1/', 'address', 'just after 10/8'],
  ['http://169.254.169.254/latest/meta-data/', 'address', 'cloud metadata (link-local)'],
  ['http://[::ffff:169.254.169.254]/', 'address', 'cloud metadata, mapped'],
  ['http://0xa9fea9fe/', 'address', 'cloud metadata in hex'],
  ['http://[fd00:ec2::254]/', 'address', 'IPv6 cloud metadata inside fc00::/7'],
  ['http://[fe80::1]/', 'address', 'IPv6 link-local'],
  ['http://100.100.100.200/', 'address', 'shared space (metadata of some clouds)'],
  ['http://100.64.0.1/', 'address', 'shared space (CGNAT), not allowlisted'],
  ['http://0.0.0.0/', 'address', 'unspecified (Linux turns it into loopback)'],
  ['http://0/', 'address', 'unspecified, short'],
  ['http://[::]/', 'address', 'IPv6 unspecified'],
  ['http://224.0.0.1/', 'address', 'multicast'],
  ['http://255.255.255.255/', 'address', 'broadcast'],
  ['http://[64:ff9b::7f00:1]/', 'address', 'NAT64 prefix'],
  ['http://[2002:7f00:1::]/', 'address', '6to4 of 127.0.0.1'],
  ['http://[::ffff:0:127.0.0.1]/', 'address', 'IPv4-translated, not mapped'],
  ['http://evil.example/', 'address', 'name resolving to a public address'],
  ['https://api.openai.com/v1', 'address', 'a cloud API'],
  ['http://mixed.example/', 'address', 'one private and one public answer'],
  ['http://metadata.google.internal/', 'address', 'name resolving to metadata'],
  ['http://mapped-public.example/', 'address', 'resolver answering a mapped public address'],
  ['http://zero.example/', 'address', 'name resolving to 0.0.0.0'],
  ['http://0x7f.0x0.0x0.0x1.evil.example/', 'unresolvable', 'numeric-looking labels of a name'],
  ['http://nowhere.invalid/', 'unresolvable', 'no such name'],
  ['http://empty.example/', 'unresolvable', 'empty answer'],
  ['http://127.0.0.1../', 'unresolvable', 'two trailing dots: a name, not an address'],
  ['http://evil.com@127.0.0.1/', 'credentials', 'userinfo before a local host'],
  ['http://127.0.0.1@evil.com/', 'credentials', 'userinfo that looks local'],
  ['http://user:pass@10.0.0.1/', 'credentials', 'password in the URL'],
  ['http://127.0.0.1%2f@evil.com/', 'credentials', 'encoded slash in userinfo'],
  ['ftp://127.0.0.1/', 'scheme', 'ftp'],
  ['file:///etc/passwd', 'scheme', 'file'],
  ['gopher://127.0.0.1:6379/_INFO', 'scheme', 'gopher'],
  ['ws://127.0.0.1/', 'scheme', 'websocket'],
  ['http://1.2.3.4.5/', 'invalid-url', 'five parts'],
  ['http://4294967296/', 'invalid-url', 'above 2^32'],
  ['http://[fe80::1%25eth0]/', 'invalid-url', 'zone id'],
  ['http://[::1/', 'invalid-url', 'unclosed bracket'],
  ['not a url', 'invalid-url', 'garbage'],
  ['http://', 'invalid-url', 'no host'],
];

async function outcome(guard: EgressGuard, url: string): Promise<Expected> {
  try {
    await guard.checkUrl(url);
    return 'allowed';
  } catch (error) {
    if (error instanceof EgressRefusedError) return error.reason;
    throw error;
  }
}

describe('egress guard: corpus of tricky URLs', () => {
  const warnings: object[] = [];
  const guard = createEgressGuard({ allow: ALLOW, resolve: fakeResolver, logger: { warn: (obj) => warnings.push(obj) } });
  afterAll(() => guard.close());

  it('holds at least 60 cases, allowed and refused', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(CORPUS.filter(([, expected]) => expected === 'allowed').length).toBeGreaterThan(20);
    expect(CORPUS.filter(([, expected]) => expected !== 'allowed').length).toBeGreaterThan(40);
  });

  it.each(CORPUS)('%s → %s (%s)', async (url, expected) => {
    expect(await outcome(guard, url)).toBe(expected);
  });

  it('refuses in French and logs the host only, never the path or credentials', async () => {
    warnings.length = 0;
    const error = await guard.checkUrl('http://secret-user:secret-pass@evil.example/v1/chat?key=abc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EgressRefusedError);
    expect((error as Error).message).toMatch(/^Adresse refusée pour « evil\.example » : l’URL ne doit contenir ni identifiant ni mot de passe/);
    const refused = await guard.checkUrl('http://8.8.8.8/v1/chat?key=abc').catch((e: unknown) => e);
    expect((refused as Error).message).toContain('Connexion refusée vers « 8.8.8.8 »');
    expect(warnings).toEqual([
      { host: 'evil.example', reason: 'credentials' },
      { host: '8.8.8.8', reason: 'address' },
    ]);
    expect(JSON.stringify(warnings)).not.toMatch(/secret|key=|chat/);
  });

  it('lets the admin open the shared space for an overlay network by CIDR', async () => {
    const tailnet = createEgressGuard({ allow: ['100.64.0.0/10'], resolve: fakeResolver });
    expect(await outcome(tailnet, 'http://100.101.102.103/')).toBe('allowed');
    expect(await outcome(tailnet, 'http://100.128.0.1/')).toBe('address');
    await tailnet.close();
  });

  it('judges a bare address the same way', () => {
    expect(guard.isAllowedAddress('0177.0.0.1')).toBe(true);
    expect(guard.isAllowedAddress('::ffff:7f00:1')).toBe(true);
    expect(guard.isAllowedAddress('203.0.113.9')).toBe(true);
    expect(guard.isAllowedAddress('134744072')).toBe(false);
    expect(guard.isAllowedAddress('localhost')).toBe(false);
  });
});

describe('parseEgressAllowList', () => {
  it('accepts names, blocks and single addresses', () => {
    const list = parseEgressAllowList([' GPU.Academie.fr. ', '10.0.0.0/8', '192.0.2.7', 'fd00::/8', '', 'éducation.fr']);
    expect([...list.hosts]).toEqual(['gpu.academie.fr', 'xn--ducation-90a.fr']);
    expect(list.cidrs.map((c) => c.prefix)).toEqual([8, 32, 8]);
    expect(splitList(' a.fr, 10.0.0.0/8 ,,')).toEqual(['a.fr', '10.0.0.0/8']);
    expect(splitList(['a.fr,b.fr', ' c.fr '])).toEqual(['a.fr', 'b.fr', 'c.fr']);
  });

  it('names the setting when the guard is given a bad entry', () => {
    expect(() => createEgressGuard({ allow: ['*.academie.fr'] })).toThrow(/^TUTEUR_EGRESS_ALLOW : « \*\.academie\.fr » n’est pas un nom d’hôte valide/);
  });

  it.each([
    ['*.academie.fr', /jokers/],
    ['0177.0.0.1', /ni un nom d’hôte ni un bloc/],
    ['10.0.0.0/33', /ni un nom d’hôte ni un bloc/],
    ['2130706433', /ni un nom d’hôte ni un bloc/],
    ['exa mple.fr', /pas un nom d’hôte valide/],
    ['serveur.0x7f', /pas un nom d’hôte valide/],
    ['http://serveur.fr', /ni un nom d’hôte ni un bloc/],
  ])('refuses %j with a French message', (entry, message) => {
    expect(() => parseEgressAllowList([entry])).toThrow(message);
  });
});

describe('egress guard: at every connection and redirect', () => {
  let server: Server;
  let port = 0;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
      if (to) {
        res.writeHead(302, { location: to, connection: 'close' }).end();
        return;
      }
      // No keep-alive: every request opens a new connection, so the lookup runs each time.
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' }).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    seen.length = 0;
  });

  it('re-resolves at each connection and refuses a name that now points outside (DNS rebinding)', async () => {
    let rebound = false;
    const warnings: object[] = [];
    const guard = createEgressGuard({
      resolve: async () => [rebound ? v4('8.8.8.8') : v4('127.0.0.1')],
      logger: { warn: (obj) => warnings.push(obj) },
    });
    const url = `http://rebind.test:${port}/v1/models?key=secret`;
    await guard.checkUrl(url); // accepted at configuration time: the name points to loopback
    const first = await undiciFetch(url, { dispatcher: guard.dispatcher });
    expect(await first.text()).toBe('ok');
    rebound = true;
    // Straight through the dispatcher, without checkUrl: the connection's own lookup must refuse.
    const second = await undiciFetch(url, { dispatcher: guard.dispatcher }).catch((e: unknown) => e);
    expect(findEgressRefusal(second)).toMatchObject({ host: 'rebind.test', reason: 'address' });
    const third = await guard.fetch(url).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(EgressRefusedError);
    expect(seen).toHaveLength(1);
    expect(warnings).toEqual([
      { host: 'rebind.test', reason: 'address' },
      { host: 'rebind.test', reason: 'address' },
    ]);
    await guard.close();
  });

  it('checks literal addresses in the connector too, for callers that skip checkUrl', async () => {
    const guard = createEgressGuard();
    const started = Date.now();
    const error = await undiciFetch('http://192.0.2.1:8080/', { dispatcher: guard.dispatcher }).catch((e: unknown) => e);
    expect(findEgressRefusal(error)?.reason).toBe('address');
    expect(Date.now() - started).toBeLessThan(1000);
    const mapped = await undiciFetch('http://[::ffff:808:808]:8080/', { dispatcher: guard.dispatcher }).catch((e: unknown) => e);
    expect(findEgressRefusal(mapped)?.host).toBe('::ffff:808:808');
    const allowed = await undiciFetch(`http://127.0.0.1:${port}/`, { dispatcher: guard.dispatcher });
    expect(await allowed.text()).toBe('ok');
    await guard.close();
  });

  it('refuses a name resolving outside at connection time, through the shared lookup', async () => {
    const guard = createEgressGuard({ resolve: fakeResolver });
    const error = await undiciFetch(`http://evil.example:${port}/`, { dispatcher: guard.dispatcher }).catch((e: unknown) => e);
    expect(findEgressRefusal(error)?.host).toBe('evil.example');
    const local = await undiciFetch(`http://gpu.lycee.lan.:${port}/`, { dispatcher: guard.dispatcher }).catch((e: unknown) => e);
    // Allowed by the guard: 10.1.2.3 is private; whatever happens next is the network's business, not a refusal.
    expect(findEgressRefusal(local)).toBeUndefined();
    await guard.close();
  });

  it('refuses redirects unless asked, and then checks each target', async () => {
    const guard = createEgressGuard({ resolve: fakeResolver, connectTimeoutMs: 500 });
    const base = `http://127.0.0.1:${port}`;
    const refused = await guard.fetch(`${base}/start?to=${encodeURIComponent('/final')}`).catch((e: unknown) => e);
    expect(refused).toMatchObject({ reason: 'redirect', host: '127.0.0.1' });
    expect((refused as Error).message).toMatch(/^Redirection refusée depuis « 127\.0\.0\.1 »/);
    expect(seen).toHaveLength(1);
    seen.length = 0;

    const followed = await guard.fetch(`${base}/start?to=${encodeURIComponent('/final')}`, { maxRedirects: 2 });
    expect(await followed.text()).toBe('ok');
    expect(seen.map((s) => s.url)).toEqual(['/start?to=%2Ffinal', '/final']);

    seen.length = 0;
    const outside = await guard.fetch(`${base}/start?to=${encodeURIComponent('http://2130706433.x/')}`, { maxRedirects: 5 }).catch((e: unknown) => e);
    expect(outside).toMatchObject({ reason: 'unresolvable' });
    const publicTarget = await guard.fetch(`${base}/start?to=${encodeURIComponent('http://0x08080808/')}`, { maxRedirects: 5 }).catch((e: unknown) => e);
    expect(publicTarget).toMatchObject({ reason: 'address', host: '8.8.8.8' });
    expect(seen).toHaveLength(2); // only the two redirecting requests reached a server

    const post = await guard.fetch(`${base}/start?to=${encodeURIComponent('/final')}`, { method: 'POST', body: '{}', maxRedirects: 5 }).catch((e: unknown) => e);
    expect(post).toMatchObject({ reason: 'redirect' });
    await guard.close();
  });

  it('drops credentials when a followed redirect changes origin', async () => {
    const guard = createEgressGuard({ resolve: fakeResolver });
    const target = `http://localhost:${port}/final`;
    const response = await guard.fetch(`http://127.0.0.1:${port}/start?to=${encodeURIComponent(target)}`, {
      maxRedirects: 1,
      headers: { authorization: 'Bearer secret', accept: 'text/plain' },
    });
    expect(await response.text()).toBe('ok');
    expect(seen[0]?.headers.authorization).toBe('Bearer secret');
    expect(seen[1]?.headers.authorization).toBeUndefined();
    expect(seen[1]?.headers.accept).toBe('text/plain');
    await guard.close();
  });
});
