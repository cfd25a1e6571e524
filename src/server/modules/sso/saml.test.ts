// SAML sign-in end to end against an IdP started by the test on loopback (testing/saml-idp.ts), on SQLite
// and PostgreSQL: signed assertions required, audience, recipient, destination, time, InResponseTo bound to
// a request we issued and used once, assertion replay, allowed UAIs and profiles, sessions ended when the
// attributes no longer give the same access.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { TEST_ORIGIN } from '../../testing/test-app.ts';
import { ssoProvidersSchema, type SsoProviderInput } from './sso.config.ts';
import { buildResponseXml, formResponse, newSigningKey, startTestSamlIdp, type ResponseOptions, type SigningKey, type TestSamlIdp } from './testing/saml-idp.ts';
import { createIdentityTestApp, type IdentityTestApp } from './testing/identity-test-app.ts';

const SCHOOL_UAI = '0690001A';
const OTHER_UAI = '0690002B';
const ACS = `${TEST_ORIGIN}/api/auth/saml/edu/acs`;
const SP_ENTITY = `${TEST_ORIGIN}/api/auth/saml/edu/metadata`;

let idp: TestSamlIdp;
let otherKey: SigningKey;
beforeAll(async () => {
  idp = await startTestSamlIdp();
  otherKey = await newSigningKey('autre-idp.test');
});
afterAll(async () => idp.close());

const pupil = (id: string, extra: Record<string, string[]> = {}) => ({
  subject: `nameid-${id}`,
  attributes: {
    FrEduCtId: [id],
    FrEduCtEleveUAI: [SCHOOL_UAI],
    FrEduCtPersonAffiliation: ['National_ELV'],
    FrEduCtEleveClasse: ['2nde B'],
    givenName: ['Léa'],
    sn: ['Martin'],
    ...extra,
  },
});

describe.each(testDatabaseUrls())('SAML sign-in on $name', ({ createUrl }) => {
  let t: IdentityTestApp;

  beforeEach(async () => {
    idp.requests.length = 0;
    idp.signedInAs = null;
    const provider = {
      kind: 'saml',
      id: 'edu',
      label: 'ÉduConnect',
      entryPoint: idp.entryPoint,
      idpCert: idp.key.cert,
      idpEntityId: idp.entityId,
      uais: [SCHOOL_UAI],
    } as SsoProviderInput;
    // A second IdP (another key) for another school: each provider keeps to its own UAIs, key and requests.
    const academie = { ...provider, id: 'academie', label: 'Compte académique', idpCert: otherKey.cert, uais: [OTHER_UAI] } as SsoProviderInput;
    t = await createIdentityTestApp({ databaseUrl: await createUrl(), providers: [provider, academie] });
    for (const uai of [SCHOOL_UAI, OTHER_UAI]) {
      const school = await t.services.schools.create('cli', { uai, name: `Lycée ${uai}` });
      await t.services.classes.create('cli', { schoolId: school.id, name: '2nde B', level: '2nde' });
    }
  });
  afterEach(async () => t.close());

  /** Starts a sign-in at Tuteur and returns the id of the AuthnRequest the IdP received. */
  async function startLogin(providerId = 'edu'): Promise<string> {
    const login = await t.app.inject({ method: 'GET', url: `/api/auth/saml/${providerId}/login` });
    expect(login.statusCode).toBe(302);
    const location = new URL(String(login.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(idp.entryPoint);
    await fetch(location, { redirect: 'manual' }).then((r) => r.text());
    const request = idp.requests.at(-1);
    if (!request) throw new Error('the IdP received no request');
    return request.id;
  }

  /** The browser's form post from the IdP's page: a cross-site POST, with the IdP's origin. */
  async function post(samlResponse: string, providerId = 'edu') {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/auth/saml/${providerId}/acs`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(idp.entryPoint).origin },
      payload: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
    });
    const session = response.cookies.find((c) => c.name === 'tuteur_session');
    return { response, cookie: session ? `tuteur_session=${session.value}` : undefined };
  }

  /** The whole trip: Tuteur → IdP (signed in as `person`) → form post back to the ACS. */
  async function signIn(person: ReturnType<typeof pupil>) {
    idp.signedInAs = person;
    const login = await t.app.inject({ method: 'GET', url: '/api/auth/saml/edu/login' });
    const page = await fetch(String(login.headers.location), { redirect: 'manual' }).then((r) => r.text());
    return { ...(await post(formResponse(page))), samlResponse: formResponse(page) };
  }

  const handMade = (options: Partial<ResponseOptions> & { inResponseTo: string | undefined }) => {
    const person = pupil('edu-main');
    const xml = buildResponseXml({ acsUrl: ACS, audience: SP_ENTITY, ...person, ...options }, { issuer: idp.entityId, key: idp.key });
    return { xml, base64: Buffer.from(xml).toString('base64') };
  };

  const me = (cookie: string | undefined) => t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookie ?? '' } });
  const userCount = async () => (await t.database.db.selectFrom('users').select('id').execute()).length;

  async function expectRefused(result: { response: { statusCode: number; body: string }; cookie: string | undefined }, text: string) {
    expect(result.response.statusCode).toBe(403);
    expect(result.response.body).toContain(text);
    expect(result.cookie).toBeUndefined();
    expect(await userCount()).toBe(0);
  }

  /** What the log says about the last refused response (code and node-saml's reason, never the assertion). */
  const lastRefusal = () => {
    const line = t.logs.filter((l) => l.includes('saml response refused')).at(-1);
    return line ? (JSON.parse(line) as { code: string; reason?: string }) : undefined;
  };

  const FAILED = 'Le fournisseur d’identité n’a pas pu confirmer votre connexion.';
  const USED = 'Cette connexion a déjà servi ou a expiré.';

  it('sends an AuthnRequest by HTTP-Redirect and signs a pupil in from a signed assertion, making the account', async () => {
    const { response, cookie } = await signIn(pupil('edu-lea-1'));
    expect(idp.requests[0]).toMatchObject({ acsUrl: ACS, issuer: SP_ENTITY });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    expect((await me(cookie)).json()).toMatchObject({ login: 'lea.martin', role: 'pupil', school: { uai: SCHOOL_UAI }, classes: [{ name: '2nde B' }] });
    expect(await t.database.db.selectFrom('sso_links').select(['provider_id', 'subject']).execute()).toEqual([{ provider_id: 'edu', subject: 'edu-lea-1' }]);
    expect(await t.database.db.selectFrom('users').select('password_hash').execute()).toEqual([{ password_hash: null }]);
    // The same person again: the same account.
    const again = await signIn(pupil('edu-lea-1'));
    expect((await me(again.cookie)).json<{ login: string }>().login).toBe('lea.martin');
    expect(await userCount()).toBe(1);
  });

  it('lists the provider on the login page and publishes SP metadata', async () => {
    const providers = await t.app.inject({ method: 'GET', url: `/api/auth/sso/providers?uai=${SCHOOL_UAI}` });
    expect(providers.json()).toEqual([{ id: 'edu', kind: 'saml', label: 'ÉduConnect', uais: [SCHOOL_UAI], loginUrl: '/api/auth/saml/edu/login' }]);
    const metadata = await t.app.inject({ method: 'GET', url: '/api/auth/saml/edu/metadata' });
    expect(metadata.statusCode).toBe(200);
    expect(metadata.headers['content-type']).toMatch(/samlmetadata\+xml/);
    expect(metadata.body).toContain(`entityID="${SP_ENTITY}"`);
    expect(metadata.body).toContain('WantAssertionsSigned="true"');
    expect(metadata.body).toMatch(new RegExp(`Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ACS}"`));
  });

  it('refuses an assertion without signature', async () => {
    const id = await startLogin();
    await expectRefused(await post(handMade({ inResponseTo: id, signWith: null }).base64), FAILED);
    expect(lastRefusal()?.reason).toBe('Invalid signature');
  });

  it('refuses an assertion signed by another key', async () => {
    const id = await startLogin();
    await expectRefused(await post(handMade({ inResponseTo: id, signWith: otherKey }).base64), FAILED);
    expect(lastRefusal()?.reason).toBe('Invalid signature');
  });

  it('refuses an attribute changed after signing', async () => {
    const id = await startLogin();
    const { xml } = handMade({ inResponseTo: id });
    const tampered = xml.replace('>National_ELV<', '>National_DIR<');
    expect(tampered).not.toBe(xml);
    await expectRefused(await post(Buffer.from(tampered).toString('base64')), FAILED);
    expect(lastRefusal()?.reason).toBe('Invalid signature');
  });

  it('refuses an assertion for another audience, recipient or destination', async () => {
    const cases = [
      { wrong: { audience: 'https://autre-service.example/sp' }, log: { reason: expect.stringContaining('audience mismatch') as string } },
      { wrong: { recipient: 'https://autre-service.example/acs' }, log: { code: 'saml_recipient' } },
      { wrong: { destination: 'https://autre-service.example/acs' }, log: { code: 'saml_destination' } },
    ];
    for (const { wrong, log } of cases) {
      const id = await startLogin();
      await expectRefused(await post(handMade({ inResponseTo: id, ...wrong }).base64), FAILED);
      expect(lastRefusal()).toMatchObject(log);
    }
  });

  it('refuses an expired assertion, and one not yet valid beyond the clock skew', async () => {
    const expired = await startLogin();
    const past = Date.now() - 10 * 60_000;
    await expectRefused(await post(handMade({ inResponseTo: expired, notBefore: new Date(past - 60_000), notOnOrAfter: new Date(past) }).base64), FAILED);
    // The bearer confirmation expires with the conditions: node-saml finds no valid one first.
    expect(lastRefusal()?.reason).toMatch(/expired|No valid subject confirmation/);
    const early = await startLogin();
    const future = Date.now() + 10 * 60_000;
    await expectRefused(await post(handMade({ inResponseTo: early, notBefore: new Date(future), notOnOrAfter: new Date(future + 60_000) }).base64), FAILED);
    expect(lastRefusal()?.reason).toMatch(/not yet valid/);
  });

  it('accepts a small clock difference with the IdP', async () => {
    const id = await startLogin();
    const result = await post(handMade({ inResponseTo: id, notBefore: new Date(Date.now() + 20_000) }).base64);
    expect(result.response.statusCode).toBe(303);
  });

  it('refuses a replayed response, and a signed assertion wrapped again for a new request', async () => {
    const first = await signIn(pupil('edu-lea-2'));
    expect(first.response.statusCode).toBe(303);
    const replay = await post(first.samlResponse);
    expect(replay.response.statusCode).toBe(403);
    expect(replay.response.body).toContain(USED);
    expect(lastRefusal()?.reason).toBe('InResponseTo is not valid');

    // An assertion whose confirmation does not name the request: its id is what stops the replay.
    const r1 = await startLogin();
    const { xml } = handMade({ inResponseTo: r1, confirmationInResponseTo: false });
    expect((await post(Buffer.from(xml).toString('base64'))).response.statusCode).toBe(303);
    const r2 = await startLogin();
    const rewrapped = xml.replace(`InResponseTo="${r1}"`, `InResponseTo="${r2}"`);
    const again = await post(Buffer.from(rewrapped).toString('base64'));
    expect(again.response.statusCode).toBe(403);
    expect(again.response.body).toContain(USED);
    expect(again.cookie).toBeUndefined();
    expect(t.logs.join('')).toContain('"code":"saml_replay"');
  });

  it('refuses an unsolicited response and one answering a request Tuteur never issued', async () => {
    await startLogin();
    await expectRefused(await post(handMade({ inResponseTo: undefined }).base64), USED);
    expect(lastRefusal()?.reason).toBe('InResponseTo is missing from response');
    await expectRefused(await post(handMade({ inResponseTo: '_demande-inconnue-0123456789' }).base64), USED);
    expect(lastRefusal()?.reason).toBe('InResponseTo is not valid');
  });

  it('refuses an assertion from another issuer', async () => {
    const id = await startLogin();
    await expectRefused(await post(handMade({ inResponseTo: id, issuer: 'https://faux-idp.example' }).base64), FAILED);
    expect(lastRefusal()?.code).toBe('saml_issuer');
  });

  it('refuses a school outside the provider’s UAIs, in French, and makes no account', async () => {
    const result = await signIn(pupil('edu-lea-3', { FrEduCtEleveUAI: [OTHER_UAI] }));
    await expectRefused(result, `Votre établissement (UAI ${OTHER_UAI}) n’est pas ouvert à Tuteur par « ÉduConnect ».`);
  });

  it('keeps each SAML provider to its own key, requests and schools', async () => {
    const academieAcs = `${TEST_ORIGIN}/api/auth/saml/academie/acs`;
    const academieEntity = `${TEST_ORIGIN}/api/auth/saml/academie/metadata`;
    const other = { ...pupil('aca-1', { FrEduCtEleveUAI: [OTHER_UAI] }), acsUrl: academieAcs, audience: academieEntity, signWith: otherKey };
    // A request of one provider is no good at the other's ACS, even with the right key and addresses.
    const eduRequest = await startLogin('edu');
    await expectRefused(await post(Buffer.from(buildResponseXml({ ...other, inResponseTo: eduRequest }, { issuer: idp.entityId, key: otherKey })).toString('base64'), 'academie'), USED);
    // The provider's own key only: the first IdP's key is not trusted here.
    const signedByEdu = await startLogin('academie');
    await expectRefused(await post(Buffer.from(buildResponseXml({ ...other, inResponseTo: signedByEdu, signWith: idp.key }, { issuer: idp.entityId, key: idp.key })).toString('base64'), 'academie'), FAILED);
    // Its school only.
    const wrongSchool = await startLogin('academie');
    const lea = { ...other, attributes: pupil('aca-2').attributes, inResponseTo: wrongSchool };
    await expectRefused(await post(Buffer.from(buildResponseXml(lea, { issuer: idp.entityId, key: otherKey })).toString('base64'), 'academie'), `n’est pas ouvert à Tuteur par « Compte académique »`);

    const good = await startLogin('academie');
    const ok = await post(Buffer.from(buildResponseXml({ ...other, inResponseTo: good }, { issuer: idp.entityId, key: otherKey })).toString('base64'), 'academie');
    expect(ok.response.statusCode).toBe(303);
    expect((await me(ok.cookie)).json()).toMatchObject({ school: { uai: OTHER_UAI }, role: 'pupil' });
  });

  it('ends the sessions of a person whose profile changes or no longer gives access', async () => {
    const asPupil = await signIn(pupil('edu-paul'));
    expect((await me(asPupil.cookie)).statusCode).toBe(200);
    const asTeacher = await signIn(pupil('edu-paul', { FrEduCtPersonAffiliation: ['National_ENS'] }));
    expect((await me(asTeacher.cookie)).json<{ role: string }>().role).toBe('teacher');
    expect((await me(asPupil.cookie)).statusCode).toBe(401);

    const parent = await signIn(pupil('edu-paul', { FrEduCtPersonAffiliation: ['National_TUT'] }));
    expect(parent.response.statusCode).toBe(403);
    expect(parent.response.body).toContain('Votre profil ENT (National_TUT) ne donne pas accès à Tuteur');
    expect((await me(asTeacher.cookie)).statusCode).toBe(401);
  });
});

describe('SAML provider configuration', () => {
  it('refuses a certificate it cannot read, in French', () => {
    const result = ssoProvidersSchema.safeParse([{ kind: 'saml', id: 'edu', label: 'ÉduConnect', entryPoint: 'https://idp.example/sso', idpCert: 'pas un certificat', uais: [SCHOOL_UAI] }]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('idpCert : certificat X.509 illisible');
  });

  it('accepts the bare base64 body of a certificate, as IdP metadata gives it', () => {
    const body = idp.key.cert.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    const [provider] = ssoProvidersSchema.parse([{ kind: 'saml', id: 'edu', label: 'ÉduConnect', entryPoint: 'https://idp.example/sso', idpCert: body, uais: [SCHOOL_UAI] }]);
    expect(provider?.kind === 'saml' && provider.idpCert[0]?.trim()).toBe(idp.key.cert.replace(/\r\n/g, '\n').trim());
  });
});
