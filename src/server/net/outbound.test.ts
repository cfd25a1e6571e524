// The process-wide guard: global fetch refused towards the public Internet (logged by host), the SSO hosts
// allowed by name, and a whole scenario (login, chat, export) run over real sockets while every connection
// attempt of the process is recorded — none leaves loopback.
import { createServer, type Server } from 'node:http';
import { isIP, Socket, type AddressInfo } from 'node:net';
import { getGlobalDispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../test/databases.ts';
import { createFakeProvider } from '../modules/llm/fake.provider.ts';
import { createTestApp, seedSchool, seedUser, TEST_ORIGIN, TEST_PASSWORD, type TestApp } from '../testing/test-app.ts';
import { findEgressRefusal } from './egress-guard.ts';
import { installOutboundGuard, outboundAllowList, type InstalledOutboundGuard, type OutboundConfig } from './outbound.ts';
import { parseIpLiteral } from './ip.ts';

const BASE: OutboundConfig = { egressAllow: [], sso: [], llmBackend: 'llama-cpp', openAiBackends: { servers: [], model: undefined, apiKey: undefined } };

function recordingLogger() {
  const warnings: object[] = [];
  return { warnings, logger: { warn: (obj: object) => warnings.push(obj) } };
}

/** Every TCP connection attempt of this process (the address actually dialled), while installed. */
function recordConnectionAttempts() {
  const attempts: string[] = [];
  const original = Socket.prototype.connect;
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    this.on('connectionAttempt', (ip: string) => attempts.push(ip));
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  };
  return { attempts, restore: () => (Socket.prototype.connect = original) };
}

const isLoopback = (ip: string) => {
  const bytes = parseIpLiteral(ip)?.bytes;
  return isIP(ip) !== 0 && bytes !== undefined && (bytes.length === 4 ? bytes[0] === 127 : bytes.every((b, i) => b === (i === 15 ? 1 : 0)));
};

describe('outbound guard', () => {
  let installed: InstalledOutboundGuard | undefined;
  afterEach(async () => {
    await installed?.uninstall();
    installed = undefined;
  });

  it('allows the SSO providers’ hosts and TUTEUR_EGRESS_ALLOW, not the LLM backends by name', () => {
    const config: OutboundConfig = {
      ...BASE,
      egressAllow: ['100.64.0.0/10'],
      llmBackend: 'openai-compatible',
      openAiBackends: { servers: [{ url: 'http://gpu.example.test:8080/v1', maxConcurrent: 4 }], model: undefined, apiKey: undefined },
      sso: [
        { kind: 'cas', id: 'ent', label: 'ENT', uais: ['0691234A'], serverUrl: 'https://ENT.example.test/cas' } as OutboundConfig['sso'][number],
        { kind: 'oidc', id: 'idp', label: 'IdP', uais: ['0691234A'], issuer: 'https://[2001:db8::7]/realms/x' } as OutboundConfig['sso'][number],
      ],
    };
    expect(outboundAllowList(config)).toEqual(['100.64.0.0/10', 'ent.example.test', '2001:db8::7']);
  });

  it('makes global fetch refuse a public address (logged by host only) and still reach loopback', async () => {
    const server: Server = createServer((_request, response) => response.end('local'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { warnings, logger } = recordingLogger();
      installed = installOutboundGuard(BASE, logger);
      const refused = await fetch('http://93.184.216.34/secret?q=zorglub', { signal: AbortSignal.timeout(5000) }).catch((error: unknown) => error);
      expect(findEgressRefusal(refused)).toMatchObject({ host: '93.184.216.34', reason: 'address' });
      const v6 = await fetch('http://[2606:4700::1111]/', { signal: AbortSignal.timeout(5000) }).catch((error: unknown) => error);
      expect(findEgressRefusal(v6)?.reason).toBe('address');
      expect(warnings).toEqual([
        { host: '93.184.216.34', reason: 'address' },
        { host: '2606:4700::1111', reason: 'address' },
      ]);
      const local = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { signal: AbortSignal.timeout(5000) });
      expect(await local.text()).toBe('local');
      // Uninstalled, the previous dispatcher answers again (tests of other modules are unaffected).
      const dispatcher = installed.guard.dispatcher;
      await installed.uninstall();
      installed = undefined;
      expect(getGlobalDispatcher()).not.toBe(dispatcher);
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});

describe.each(testDatabaseUrls())('a whole scenario on $name', ({ createUrl }) => {
  let t: TestApp;
  let recorder: ReturnType<typeof recordConnectionAttempts>;
  let installed: InstalledOutboundGuard;
  beforeEach(async () => {
    recorder = recordConnectionAttempts();
    installed = installOutboundGuard(BASE, { warn: () => undefined });
    t = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider({ tokens: ['Essaie ', 'de ', 'factoriser.'] }) });
  });
  afterEach(async () => {
    await t.close();
    await installed.uninstall();
    recorder.restore();
  });

  it('login, chat and export make no connection outside loopback', async () => {
    const school = await seedSchool(t.services);
    await seedUser(t.services, 'pupil', 'alice', school);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const call = async (method: string, path: string, cookie: string, body?: unknown) => {
      const response = await fetch(`${address}${path}`, {
        method,
        headers: { origin: TEST_ORIGIN, cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      return { response, text: await response.text() };
    };

    const login = await call('POST', '/api/auth/login', '', { login: 'alice', password: TEST_PASSWORD });
    expect(login.response.status).toBe(200);
    const cookie = login.response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const created = await call('POST', '/api/conversations', cookie, { subject: 'mathematiques' });
    expect(created.response.status).toBe(201);
    const { id } = JSON.parse(created.text) as { id: string };
    const answer = await call('POST', `/api/conversations/${id}/messages`, cookie, { text: 'Comment factoriser x² − 9 ?' });
    expect(answer.text).toContain('factoriser.');
    const exported = await call('GET', '/api/me/export', cookie);
    expect(exported.response.status).toBe(200);
    expect(exported.text).toContain('Comment factoriser x² − 9 ?');

    // The recorder saw the scenario's own HTTP connections (and PostgreSQL's), so an outside one would show.
    expect(recorder.attempts.length).toBeGreaterThan(0);
    expect(recorder.attempts.filter((ip) => !isLoopback(ip))).toEqual([]);
  });
});
