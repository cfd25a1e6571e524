// SAML 2.0 service provider for EduConnect-style identity providers, on @node-saml/node-saml: the login
// request (HTTP-Redirect binding), the response posted back (HTTP-POST binding) and the SP metadata.
// node-saml checks the assertion's signature, audience, NotBefore/NotOnOrAfter and that InResponseTo names
// a request we issued; this module adds what it leaves to the caller: the bearer confirmation's Recipient,
// the response's Destination, the IdP's entity id, one use per request id and per assertion id.
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import { XMLParser } from 'fast-xml-parser';
import type { SamlProviderConfig } from './sso.config.ts';
import { attributeValues, type SsoIdentity } from './sso.service.ts';

/** How long a login request may wait for its response. */
export const SAML_REQUEST_TTL_MS = 10 * 60_000;
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

/** Where the IdP sends the person back and the name Tuteur has at the IdP. */
export interface SamlEndpoints {
  acsUrl: string;
  spEntityId: string;
}

/** Server-side memory of the requests we issued and the assertions we accepted (the database). */
export interface SamlStore {
  saveRequest(requestId: string, issuedAt: string): Promise<void>;
  requestIssuedAt(requestId: string): Promise<string | undefined>;
  /** True only for the one caller that removed the request. */
  removeRequest(requestId: string): Promise<boolean>;
  /** False when this assertion id was already accepted (a replay). */
  claimAssertion(assertionId: string, expiresAt: number): Promise<boolean>;
}

/** A refused response; `code` goes to the log (never the assertion, which holds personal data). */
export class SamlCheckError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SamlCheckError';
    this.code = code;
  }
}

/** node-saml's request cache, backed by the store; records which request ids this very call removed. */
function requestCache(store: SamlStore, now: () => number) {
  const removed = new Map<string, boolean>();
  const cache: CacheProvider = {
    async saveAsync(key, value) {
      await store.saveRequest(key, value);
      return { value, createdAt: now() };
    },
    getAsync: async (key) => (await store.requestIssuedAt(key)) ?? null,
    async removeAsync(key) {
      if (key === null) return null;
      const done = await store.removeRequest(key);
      removed.set(key, removed.get(key) === true || done);
      return done ? key : null;
    },
  };
  return { cache, removed };
}

/** A node-saml instance for one request (cheap: options only); the metadata needs no request cache. */
function serviceProvider(provider: SamlProviderConfig, endpoints: SamlEndpoints, cache?: CacheProvider): SAML {
  return new SAML({
    entryPoint: provider.entryPoint,
    callbackUrl: endpoints.acsUrl,
    issuer: endpoints.spEntityId,
    audience: endpoints.spEntityId,
    idpCert: provider.idpCert,
    // Signed assertions are required; a signature on the response alone does not do (EduConnect signs the assertion).
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: provider.clockSkewMs,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SAML_REQUEST_TTL_MS,
    ...(cache ? { cacheProvider: cache } : {}),
    authnRequestBinding: 'HTTP-Redirect',
    forceAuthn: provider.forceAuthn,
    // The IdP chooses the NameID format and the authentication context (password, FranceConnect…).
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    signatureAlgorithm: 'sha256',
  });
}

/** The IdP address the browser is sent to, with a deflated AuthnRequest whose id is stored server-side. */
export async function samlLoginUrl(provider: SamlProviderConfig, endpoints: SamlEndpoints, store: SamlStore, now: () => number): Promise<string> {
  return serviceProvider(provider, endpoints, requestCache(store, now).cache).getAuthorizeUrlAsync('', undefined, {});
}

/** SP metadata for the IdP's administrators: entity id, ACS address (HTTP-POST), signed assertions wanted. */
export function samlMetadata(provider: SamlProviderConfig, endpoints: SamlEndpoints): string {
  return serviceProvider(provider, endpoints).generateServiceProviderMetadata(null, null);
}

type Node = Record<string, unknown>;
const children = (node: Node | undefined, name: string): Node[] => (Array.isArray(node?.[name]) ? (node[name] as Node[]) : []);
const attr = (node: Node | undefined, name: string): string | undefined => {
  const value = (node?.$ as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

function timeOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Attribute values as lists of strings, whatever node-saml made of one or several values. */
export function attributeLists(profile: Profile): Record<string, string[]> {
  const raw = (profile.attributes ?? {}) as Record<string, unknown>;
  const lists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    lists[name] = [value].flat().filter((v): v is string => typeof v === 'string' && v.length > 0);
  }
  return lists;
}

/** The person as the assertion's attributes describe it, through the provider's attribute names. */
export function samlIdentity(provider: SamlProviderConfig, profile: Profile): SsoIdentity {
  const attributes = attributeLists(profile);
  const names = provider.attributes;
  const first = (list: readonly string[]) => attributeValues(attributes, list)[0];
  let subject = first(names.id);
  // A transient NameID changes at every sign-in: it would make a new account each time.
  if (subject === undefined && profile.nameIDFormat !== TRANSIENT && profile.nameID) subject = profile.nameID;
  if (subject === undefined) throw new SamlCheckError('saml_no_subject', 'no stable identifier in the assertion');
  return {
    subject,
    uais: attributeValues(attributes, names.uai),
    classes: attributeValues(attributes, names.classes),
    profiles: attributeValues(attributes, names.profiles),
    firstName: first(names.firstName),
    lastName: first(names.lastName),
    displayName: first(names.displayName),
  };
}

const responseParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, processEntities: false });

/**
 * Checks a posted SAMLResponse and returns who it signs in. Every failure throws (SamlCheckError, or
 * node-saml's own errors for signature, audience, time and unknown InResponseTo).
 */
export async function validateSamlResponse(
  provider: SamlProviderConfig,
  endpoints: SamlEndpoints,
  store: SamlStore,
  samlResponse: string,
  now: () => number,
): Promise<SsoIdentity> {
  const { cache, removed } = requestCache(store, now);
  const { profile } = await serviceProvider(provider, endpoints, cache).validatePostResponseAsync({ SAMLResponse: samlResponse });
  if (!profile) throw new SamlCheckError('saml_no_assertion', 'no assertion (logout or passive response)');

  // One response per request: node-saml removes the request id on some paths only, and not atomically with its check.
  const requestId = typeof profile.inResponseTo === 'string' ? profile.inResponseTo : undefined;
  if (!requestId) throw new SamlCheckError('saml_unsolicited', 'response without InResponseTo');
  const consumed = removed.get(requestId) ?? (await store.removeRequest(requestId));
  if (!consumed) throw new SamlCheckError('saml_request_used', 'the login request was already answered');

  if (provider.idpEntityId !== undefined && profile.issuer !== provider.idpEntityId) {
    throw new SamlCheckError('saml_issuer', 'assertion from another issuer');
  }

  // The unsigned envelope's Destination, when the IdP gives one, must be us.
  const envelope = responseParser.parse(profile.getSamlResponseXml?.() ?? '') as { Response?: { Destination?: unknown } };
  const destination = envelope.Response?.Destination;
  if (destination !== undefined && destination !== endpoints.acsUrl) throw new SamlCheckError('saml_destination', 'response sent to another address');

  // From the signed assertion only: a bearer confirmation for our ACS, with its own expiry.
  const assertion = (profile.getAssertion?.() as { Assertion?: Node } | undefined)?.Assertion;
  const assertionId = attr(assertion, 'ID');
  if (!assertion || !assertionId) throw new SamlCheckError('saml_no_assertion', 'assertion without ID');
  const confirmations = children(children(assertion, 'Subject')[0], 'SubjectConfirmation')
    .filter((c) => attr(c, 'Method') === BEARER)
    .map((c) => children(c, 'SubjectConfirmationData')[0])
    .filter((data) => attr(data, 'Recipient') === endpoints.acsUrl && timeOf(attr(data, 'NotOnOrAfter')) !== undefined);
  const confirmation = confirmations.find((data) => {
    const inResponseTo = attr(data, 'InResponseTo');
    return inResponseTo === undefined || inResponseTo === requestId;
  });
  if (!confirmation) throw new SamlCheckError('saml_recipient', 'no bearer confirmation for this ACS address');

  // Remembered until nothing could accept it any more: the later of its two expiries, plus the skew.
  const conditionsEnd = timeOf(attr(children(assertion, 'Conditions')[0], 'NotOnOrAfter')) ?? 0;
  const expiresAt = Math.max(conditionsEnd, timeOf(attr(confirmation, 'NotOnOrAfter')) ?? 0) + provider.clockSkewMs;
  if (!(await store.claimAssertion(assertionId, expiresAt))) throw new SamlCheckError('saml_replay', 'assertion already used');

  return samlIdentity(provider, profile);
}
