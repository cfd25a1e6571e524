// CAS sign-in end to end against a CAS server started by the test on loopback, on SQLite and PostgreSQL:
// attributes, failure codes, proxy tickets, replays, service mismatch, accounts made and kept in line with
// the ENT, access lost at once, single logout, renew and gateway.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { asUser, loginAs, seedUser, TEST_ORIGIN, type SeededSchool } from '../../testing/test-app.ts';
import type { SsoProviderInput } from './sso.config.ts';
import { logoutRequestBody, startTestCasServer, type TestCasServer } from './testing/cas-server.ts';
import { createIdentityTestApp, type IdentityTestApp } from './testing/identity-test-app.ts';

// Fixed UAIs: each test has its own database, and the providers must name them before the app starts.
const SCHOOL_UAI = '0690001A';
const OTHER_UAI = '0690002B';

let cas: TestCasServer;
beforeAll(async () => {
  cas = await startTestCasServer();
});
afterAll(async () => cas.close());

interface SignIn {
  status: number;
  location: string | undefined;
  body: string;
  cookie: string | undefined;
  ticket: string | undefined;
  callbackUrl: string;
}

describe.each(testDatabaseUrls())('CAS sign-in on $name', ({ createUrl }) => {
  let t: IdentityTestApp;
  let school: SeededSchool;
  let otherSchool: SeededSchool;

  const provider = (overrides: Partial<SsoProviderInput> = {}): SsoProviderInput =>
    ({ kind: 'cas', id: 'ent', label: 'ENT Auvergne-Rhône-Alpes', serverUrl: cas.url, uais: [SCHOOL_UAI], ...overrides }) as SsoProviderInput;

  beforeEach(() => {
    cas.users.clear();
    cas.validations.length = 0;
    cas.faults = { reusableTickets: false, addProxies: false };
    cas.signedInAs = null;
  });
  afterEach(async () => t.close());

  async function setUp(overrides: Partial<SsoProviderInput> = {}, extra: SsoProviderInput[] = []): Promise<void> {
    t = await createIdentityTestApp({ databaseUrl: await createUrl(), providers: [provider(overrides), ...extra] });
    school = await addSchool(SCHOOL_UAI);
    otherSchool = await addSchool(OTHER_UAI);
  }

  async function addSchool(uai: string): Promise<SeededSchool> {
    const created = await t.services.schools.create('cli', { uai, name: `Lycée ${uai}` });
    const klass = await t.services.classes.create('cli', { schoolId: created.id, name: '2nde B', level: '2nde' });
    return { schoolId: created.id, classId: klass.id, uai };
  }

  function pupil(id: string, attrs: Record<string, string[]> = {}): void {
    cas.users.set(id, {
      ENTPersonIdentifiant: [id],
      ENTPersonStructRattach: [school.uai],
      ENTPersonProfils: ['National_ELV'],
      ENTClasse: [`${school.uai}$2nde B`],
      givenName: ['Léa'],
      sn: ['Martin'],
      ...attrs,
    });
  }

  /** The browser's trip: Tuteur → CAS → back to Tuteur's callback. */
  async function signIn(user: string | null, query = '', providerId = 'ent'): Promise<SignIn> {
    cas.signedInAs = user;
    const login = await t.app.inject({ method: 'GET', url: `/api/auth/cas/${providerId}/login${query}` });
    expect(login.statusCode).toBe(302);
    const stateCookie = login.cookies.find((c) => c.name === 'tuteur_sso_state');
    const atCas = await fetch(String(login.headers.location), { redirect: 'manual' });
    const back = new URL(String(atCas.headers.get('location')));
    expect(back.origin).toBe(TEST_ORIGIN);
    const callbackUrl = `${back.pathname}${back.search}`;
    const response = await t.app.inject({ method: 'GET', url: callbackUrl, headers: { cookie: `tuteur_sso_state=${stateCookie?.value}` } });
    const session = response.cookies.find((c) => c.name === 'tuteur_session');
    return {
      status: response.statusCode,
      location: response.headers.location,
      body: response.body,
      cookie: session ? `tuteur_session=${session.value}` : undefined,
      ticket: back.searchParams.get('ticket') ?? undefined,
      callbackUrl,
    };
  }

  const me = async (cookie: string | undefined) => t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookie ?? '' } });

  it('lists the providers for the login page, publicly, filtered by UAI', async () => {
    await setUp();
    const all = await t.app.inject({ method: 'GET', url: '/api/auth/sso/providers' });
    expect(all.json()).toEqual([{ id: 'ent', kind: 'cas', label: 'ENT Auvergne-Rhône-Alpes', uais: [school.uai], loginUrl: '/api/auth/cas/ent/login' }]);
    expect((await t.app.inject({ method: 'GET', url: `/api/auth/sso/providers?uai=${otherSchool.uai}` })).json()).toEqual([]);
  });

  it('signs a pupil in with its ENT attributes, making the account at first sign-in', async () => {
    await setUp();
    pupil('ENT-LEA-1');
    const result = await signIn('ENT-LEA-1');
    expect(result).toMatchObject({ status: 302, location: '/' });
    expect(cas.validations[0]?.path).toBe('/cas/p3/serviceValidate');
    const profile = (await me(result.cookie)).json<{ login: string; displayName: string; role: string; school: { uai: string }; classes: { name: string }[] }>();
    expect(profile).toMatchObject({ login: 'lea.martin', displayName: 'Léa Martin', role: 'pupil', school: { uai: school.uai }, classes: [{ name: '2nde B' }] });
    const account = await t.database.db.selectFrom('users').select(['external_id', 'password_hash']).where('login', '=', 'lea.martin').executeTakeFirstOrThrow();
    expect(account).toEqual({ external_id: 'ent:ENT-LEA-1', password_hash: null });

    // The next sign-in finds the same account.
    const again = await signIn('ENT-LEA-1');
    expect((await me(again.cookie)).json<{ login: string }>().login).toBe('lea.martin');
    expect(await t.database.db.selectFrom('users').select('id').where('external_id', '=', 'ent:ENT-LEA-1').execute()).toHaveLength(1);
  });

  it('uses /serviceValidate for a CAS 2.0 server', async () => {
    await setUp({ version: '2.0' });
    pupil('ENT-2');
    expect((await signIn('ENT-2')).status).toBe(302);
    expect(cas.validations.map((v) => v.path)).toEqual(['/cas/serviceValidate']);
  });

  it('refuses an unknown ticket (INVALID_TICKET) with a French page', async () => {
    await setUp();
    const login = await t.app.inject({ method: 'GET', url: '/api/auth/cas/ent/login' });
    const state = login.cookies.find((c) => c.name === 'tuteur_sso_state')!.value;
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/auth/cas/ent/callback?state=${state}&ticket=ST-inconnu-123`,
      headers: { cookie: `tuteur_sso_state=${state}` },
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('Le ticket de connexion de l’ENT n’est pas valable (déjà utilisé ou expiré)');
    expect(response.cookies.find((c) => c.name === 'tuteur_session')).toBeUndefined();
    expect(t.logs.join('')).toContain('"casCode":"INVALID_TICKET"');
  });

  it('refuses a ticket issued for another service (INVALID_SERVICE)', async () => {
    await setUp();
    pupil('ENT-3');
    const login = await t.app.inject({ method: 'GET', url: '/api/auth/cas/ent/login' });
    const state = login.cookies.find((c) => c.name === 'tuteur_sso_state')!.value;
    const ticket = cas.issueTicket('ENT-3', 'https://autre-application.example/login');
    const response = await t.app.inject({ method: 'GET', url: `/api/auth/cas/ent/callback?state=${state}&ticket=${ticket}`, headers: { cookie: `tuteur_sso_state=${state}` } });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('le ticket n’a pas été délivré pour Tuteur');
  });

  it('refuses proxy tickets, whether the ticket says so or the server’s answer does', async () => {
    await setUp();
    pupil('ENT-4');
    const login = await t.app.inject({ method: 'GET', url: '/api/auth/cas/ent/login' });
    const state = login.cookies.find((c) => c.name === 'tuteur_sso_state')!.value;
    const service = new URL(String(login.headers.location)).searchParams.get('service')!;
    const proxyTicket = cas.issueTicket('ENT-4', service, 'PT');
    const byPrefix = await t.app.inject({ method: 'GET', url: `/api/auth/cas/ent/callback?state=${state}&ticket=${proxyTicket}`, headers: { cookie: `tuteur_sso_state=${state}` } });
    expect(byPrefix.statusCode).toBe(403);
    expect(byPrefix.body).toContain('Ce type de ticket (proxy) n’est pas accepté par Tuteur.');
    expect(cas.validations).toHaveLength(0);

    cas.faults.addProxies = true;
    const byChain = await signIn('ENT-4');
    expect(byChain.status).toBe(403);
    expect(byChain.body).toContain('(proxy)');
    expect(byChain.cookie).toBeUndefined();
  });

  it('refuses a replayed ticket, even from a server that would accept it twice', async () => {
    await setUp();
    pupil('ENT-5');
    cas.faults.reusableTickets = true;
    const first = await signIn('ENT-5');
    expect(first.status).toBe(302);
    const state = new URL(first.callbackUrl, TEST_ORIGIN).searchParams.get('state');
    const replay = await t.app.inject({ method: 'GET', url: first.callbackUrl, headers: { cookie: `tuteur_sso_state=${state}` } });
    expect(replay.statusCode).toBe(403);
    expect(replay.cookies.find((c) => c.name === 'tuteur_session')).toBeUndefined();
    expect(cas.validations).toHaveLength(1);
  });

  it('refuses a return without the state of this browser (someone else’s ticket)', async () => {
    await setUp();
    pupil('ENT-6');
    cas.signedInAs = 'ENT-6';
    const login = await t.app.inject({ method: 'GET', url: '/api/auth/cas/ent/login' });
    const atCas = await fetch(String(login.headers.location), { redirect: 'manual' });
    const back = new URL(String(atCas.headers.get('location')));
    const response = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: 'tuteur_sso_state=autre-navigateur-000000000000' } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('La connexion a expiré ou a été commencée dans un autre navigateur.');
    expect(cas.validations).toHaveLength(0);
  });

  it('refuses a school the provider may not sign in for, in French, and makes no account', async () => {
    await setUp();
    pupil('ENT-7', { ENTPersonStructRattach: [otherSchool.uai] });
    const result = await signIn('ENT-7');
    expect(result.status).toBe(403);
    expect(result.body).toContain(`Votre établissement (UAI ${otherSchool.uai}) n’est pas ouvert à Tuteur par « ENT Auvergne-Rhône-Alpes ».`);
    expect(await t.database.db.selectFrom('users').select('id').where('external_id', '=', 'ent:ENT-7').execute()).toEqual([]);
  });

  it('refuses profiles the provider does not open (parents), and makes no account', async () => {
    await setUp();
    pupil('ENT-8', { ENTPersonProfils: ['National_TUT'] });
    const result = await signIn('ENT-8');
    expect(result.status).toBe(403);
    expect(result.body).toContain('Votre profil ENT (National_TUT) ne donne pas accès à Tuteur dans votre établissement.');
    expect(await t.database.db.selectFrom('users').select('id').execute()).toHaveLength(0);
  });

  it('brings role and classes in line with the attributes at each sign-in and ends the older sessions', async () => {
    await setUp();
    cas.users.set('ENT-T1', {
      ENTPersonIdentifiant: ['ENT-T1'],
      ENTPersonStructRattach: [school.uai],
      ENTPersonProfils: ['National_ENS'],
      ENTClasse: [`${school.uai}$2nde B`, `${school.uai}$1G2`, `${otherSchool.uai}$6E1`],
      givenName: ['Anne'],
      sn: ['Roux'],
    });
    const first = await signIn('ENT-T1');
    const before = (await me(first.cookie)).json<{ role: string; classes: { name: string }[] }>();
    expect(before.role).toBe('teacher');
    // 1G2 was new and made with its level; the other school's class is not this school's.
    expect(before.classes.map((c) => c.name)).toEqual(['1G2', '2nde B']);

    cas.users.get('ENT-T1')!.ENTClasse = [`${school.uai}$1G2`];
    const second = await signIn('ENT-T1');
    expect((await me(second.cookie)).json<{ classes: { name: string }[] }>().classes.map((c) => c.name)).toEqual(['1G2']);
    expect((await me(first.cookie)).statusCode).toBe(401);
  });

  it('ends every session at once when the attributes no longer give access', async () => {
    await setUp();
    pupil('ENT-9');
    const first = await signIn('ENT-9');
    expect((await me(first.cookie)).statusCode).toBe(200);
    cas.users.get('ENT-9')!.ENTPersonProfils = ['National_TUT'];
    const refused = await signIn('ENT-9');
    expect(refused.status).toBe(403);
    expect((await me(first.cookie)).statusCode).toBe(401);
  });

  it('signs in the account a roster import made from the same ENT, instead of making another', async () => {
    await setUp();
    await seedUser(t.services, 'school-admin', 'direction', school);
    const cookie = await loginAs(t.app, 'direction');
    const imported = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${school.schoolId}/roster/import`,
      headers: asUser(cookie),
      payload: { csv: 'Identifiant;Nom;Prénom;Classe\nENT-10;Martin;Léa;2nde B\n' },
    });
    expect(imported.statusCode).toBe(200);
    pupil('ENT-10');
    const result = await signIn('ENT-10');
    expect(result.status).toBe(302);
    expect(await t.database.db.selectFrom('users').select('login').where('external_id', '=', 'ent:ENT-10').execute()).toEqual([{ login: 'lea.martin' }]);
  });

  it('makes no account when the provider only signs in existing accounts', async () => {
    await setUp({ createAccounts: false });
    pupil('ENT-11');
    const result = await signIn('ENT-11');
    expect(result.status).toBe(403);
    expect(result.body).toContain('Aucun compte Tuteur ne correspond à votre compte ENT');
  });

  it('ends the session of a ticket when the CAS server posts a single logout request', async () => {
    await setUp();
    pupil('ENT-12');
    const other = await signIn('ENT-12');
    const result = await signIn('ENT-12');
    // A server-to-server form post: no Origin header, no cookie.
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/cas/ent/logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: logoutRequestBody(result.ticket!),
    });
    expect(response.statusCode).toBe(200);
    expect((await me(result.cookie)).statusCode).toBe(401);
    expect((await me(other.cookie)).statusCode).toBe(200);
    // To the service URL itself, as servers do by default; unknown tickets get the same answer.
    const atCallback = await t.app.inject({
      method: 'POST',
      url: '/api/auth/cas/ent/callback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: logoutRequestBody(other.ticket!),
    });
    expect(atCallback.statusCode).toBe(200);
    expect((await me(other.cookie)).statusCode).toBe(401);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/cas/ent/logout', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: logoutRequestBody('ST-inconnu') });
    expect(unknown.statusCode).toBe(200);
  });

  it('asks for the password again with renew, and refuses a ticket from an existing CAS session then', async () => {
    await setUp();
    pupil('ENT-13');
    const renewed = await signIn('ENT-13', '?renew=1');
    expect(renewed.status).toBe(302);
    expect(cas.validations.at(-1)?.params.renew).toBe('true');

    // A ticket from the existing CAS session (not primary credentials) at a renew=1 service URL.
    const login = await t.app.inject({ method: 'GET', url: '/api/auth/cas/ent/login?renew=1' });
    expect(new URL(String(login.headers.location)).searchParams.get('renew')).toBe('true');
    const state = login.cookies.find((c) => c.name === 'tuteur_sso_state')!.value;
    const service = new URL(String(login.headers.location)).searchParams.get('service')!;
    const ticket = cas.issueTicket('ENT-13', service);
    const refused = await t.app.inject({
      method: 'GET',
      url: `${new URL(service).pathname}${new URL(service).search}&ticket=${ticket}`,
      headers: { cookie: `tuteur_sso_state=${state}` },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('comes back without a session through gateway when nobody is signed in at the ENT', async () => {
    await setUp();
    const result = await signIn(null, '?gateway=1');
    expect(result).toMatchObject({ status: 302, location: '/', cookie: undefined });
  });

  it('keeps each provider to its own UAIs', async () => {
    await setUp({}, [{ kind: 'cas', id: 'ent-autre', label: 'Autre ENT', serverUrl: cas.url, uais: [OTHER_UAI] }]);
    pupil('ENT-14');
    expect((await signIn('ENT-14', '', 'ent-autre')).status).toBe(403);
    expect((await signIn('ENT-14', '', 'ent')).status).toBe(302);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/cas/inconnu/login' })).statusCode).toBe(404);
  });
});
