// OpenID Connect sign-in against a real provider (oidc-provider) on loopback: discovery, authorization
// code with PKCE, claims mapped to school, role and classes, refusals, and the one-browser binding.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { TEST_ORIGIN } from '../../testing/test-app.ts';
import type { SsoProviderInput } from './sso.config.ts';
import { createIdentityTestApp, type IdentityTestApp } from './testing/identity-test-app.ts';
import { startTestOidcProvider, type TestOidcProvider } from './testing/oidc-server.ts';

const UAI = '0690001A';
const REDIRECT = `${TEST_ORIGIN}/api/auth/oidc/edu/callback`;

let idp: TestOidcProvider;
beforeAll(async () => {
  idp = await startTestOidcProvider(REDIRECT);
});
afterAll(async () => idp.close());

/** A browser's cookies for the provider's origin. */
function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    store(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair?.indexOf('=') ?? -1;
        if (pair && at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
    },
  };
}

describe.each(testDatabaseUrls())('OpenID Connect sign-in on $name', ({ createUrl }) => {
  let t: IdentityTestApp;

  async function setUp(overrides: Partial<SsoProviderInput> = {}): Promise<void> {
    const provider = {
      kind: 'oidc',
      id: 'edu',
      label: 'Académie (OpenID Connect)',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      scopes: ['openid', 'profile', 'ent'],
      uais: [UAI],
      ...overrides,
    } as SsoProviderInput;
    t = await createIdentityTestApp({ databaseUrl: await createUrl(), providers: [provider] });
    const school = await t.services.schools.create('cli', { uai: UAI, name: 'Lycée OIDC' });
    await t.services.classes.create('cli', { schoolId: school.id, name: '2nde B', level: '2nde' });
  }
  afterEach(async () => t.close());

  /** Tuteur → provider (sign-in, implied consent) → Tuteur's callback. */
  async function signIn(sub: string | null, tamper?: (callback: URL) => void) {
    idp.signedInAs = sub;
    const login = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/edu/login' });
    expect(login.statusCode).toBe(302);
    const authorize = new URL(String(login.headers.location));
    const state = login.cookies.find((c) => c.name === 'tuteur_sso_state')?.value;
    const jar = cookieJar();
    let next = authorize.toString();
    for (let hop = 0; hop < 10 && !next.startsWith(TEST_ORIGIN); hop += 1) {
      const response = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.store(response);
      const location = response.headers.get('location');
      if (!location) throw new Error(`provider stopped at ${next}: ${response.status} ${await response.text()}`);
      next = new URL(location, next).toString();
    }
    const callback = new URL(next);
    tamper?.(callback);
    const response = await t.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { cookie: `tuteur_sso_state=${state}` } });
    const session = response.cookies.find((c) => c.name === 'tuteur_session');
    return { authorize, callback, response, cookie: session ? `tuteur_session=${session.value}` : undefined };
  }

  it('signs in with authorization code and PKCE, and maps the claims', async () => {
    await setUp();
    idp.accounts.set('edu-42', { given_name: 'Léa', family_name: 'Martin', uai: UAI, classes: ['2nde B'], profiles: ['National_ELV'] });
    const { authorize, response, cookie } = await signIn('edu-42');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(response.statusCode).toBe(302);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookie ?? '' } });
    expect(me.json()).toMatchObject({ login: 'lea.martin', role: 'pupil', school: { uai: UAI }, classes: [{ name: '2nde B' }] });
    expect(await t.database.db.selectFrom('sso_links').select(['provider_id', 'subject']).execute()).toEqual([{ provider_id: 'edu', subject: 'edu-42' }]);
  });

  it('refuses a school outside the provider’s UAIs, in French', async () => {
    await setUp();
    idp.accounts.set('edu-43', { given_name: 'Paul', family_name: 'Roux', uai: '0699999Z', profiles: ['National_ENS'] });
    const { response, cookie } = await signIn('edu-43');
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Votre établissement (UAI 0699999Z) n’est pas ouvert à Tuteur');
    expect(cookie).toBeUndefined();
  });

  it('refuses a code replayed or returned to another browser', async () => {
    await setUp();
    idp.accounts.set('edu-44', { given_name: 'Zoé', family_name: 'Petit', uai: UAI, classes: ['2nde B'], profiles: ['National_ELV'] });
    const first = await signIn('edu-44');
    expect(first.response.statusCode).toBe(302);
    const state = first.callback.searchParams.get('state');
    const replay = await t.app.inject({ method: 'GET', url: `${first.callback.pathname}${first.callback.search}`, headers: { cookie: `tuteur_sso_state=${state}` } });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('Cette connexion a déjà servi ou a expiré.');

    const other = await signIn('edu-44', (callback) => callback.searchParams.set('state', 'un-autre-etat-de-navigateur-0000'));
    expect(other.response.statusCode).toBe(400);
  });

  it('refuses a forged authorization code', async () => {
    await setUp();
    idp.accounts.set('edu-45', { given_name: 'Ali', family_name: 'Noir', uai: UAI, profiles: ['National_ELV'] });
    const { response } = await signIn('edu-45', (callback) => callback.searchParams.set('code', 'code-invente'));
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Le fournisseur d’identité n’a pas pu confirmer votre connexion.');
  });

  it('says the provider is unreachable when discovery fails', async () => {
    await setUp({ issuer: 'http://127.0.0.1:9/' });
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/edu/login' });
    expect(response.statusCode).toBe(502);
    expect(response.body).toContain('Le fournisseur d’identité ne répond pas.');
  });
});
