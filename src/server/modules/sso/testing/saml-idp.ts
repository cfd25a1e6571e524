// A SAML 2.0 identity provider for tests, written from the SAML core and Web SSO profile: it reads the
// deflated AuthnRequest of the HTTP-Redirect binding and answers with the auto-submitted form of the
// HTTP-POST binding, carrying a Response whose Assertion it signs (xml-crypto, RSA-SHA256, exclusive c14n)
// with a self-signed key. The test decides who is signed in, and can build responses by hand (other key,
// no signature, wrong audience, expired…). Listens on loopback only.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { generate } from 'selfsigned';
import { SignedXml } from 'xml-crypto';

const inflate = promisify(inflateRaw);

export interface SigningKey {
  privateKey: string;
  cert: string;
}

export interface ReceivedRequest {
  id: string;
  acsUrl: string | undefined;
  issuer: string | undefined;
  relayState: string | undefined;
}

export interface ResponseOptions {
  /** Response InResponseTo; undefined: unsolicited. */
  inResponseTo: string | undefined;
  acsUrl: string;
  audience: string;
  subject: string;
  attributes: Record<string, string[]>;
  /** Also put InResponseTo on the bearer SubjectConfirmationData (as real IdPs do). Default true. */
  confirmationInResponseTo?: boolean;
  recipient?: string;
  destination?: string;
  issuer?: string;
  assertionId?: string;
  /** Validity window around now; defaults: from 1 minute ago to 5 minutes ahead. */
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** Whose key signs the assertion; null: not signed. Default: the IdP's own key. */
  signWith?: SigningKey | null;
  nameIdFormat?: string;
}

export interface TestSamlIdp {
  /** Single sign-on address to configure as entryPoint. */
  entryPoint: string;
  entityId: string;
  key: SigningKey;
  /** Who is signed in at the IdP, with their attributes; null: nobody. */
  signedInAs: { subject: string; attributes: Record<string, string[]> } | null;
  requests: ReceivedRequest[];
  /** Base64 SAMLResponse for these options (the HTTP-POST binding's form field). */
  response(options: ResponseOptions): string;
  close(): Promise<void>;
}

export async function newSigningKey(commonName = 'idp.test'): Promise<SigningKey> {
  const pems = await generate([{ name: 'commonName', value: commonName }], { keySize: 2048, algorithm: 'sha256' });
  return { privateKey: pems.private, cert: pems.cert };
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** Signs the Assertion element (enveloped signature placed after its Issuer, as the schema wants). */
export function signAssertion(xml: string, key: SigningKey): string {
  const signer = new SignedXml({
    privateKey: key.privateKey,
    publicCert: key.cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signer.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
  return signer.getSignedXml();
}

export function buildResponseXml(options: ResponseOptions, defaults: { issuer: string; key: SigningKey }): string {
  const now = Date.now();
  const instant = new Date(now).toISOString();
  const notBefore = (options.notBefore ?? new Date(now - 60_000)).toISOString();
  const notOnOrAfter = (options.notOnOrAfter ?? new Date(now + 5 * 60_000)).toISOString();
  const issuer = escapeXml(options.issuer ?? defaults.issuer);
  const assertionId = options.assertionId ?? `_a${randomBytes(16).toString('hex')}`;
  const inResponseTo = options.inResponseTo === undefined ? '' : ` InResponseTo="${escapeXml(options.inResponseTo)}"`;
  const confirmationInResponseTo = options.confirmationInResponseTo === false ? '' : inResponseTo;
  const destination = options.destination ?? options.acsUrl;
  const attributes = Object.entries(options.attributes)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values
          .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('');
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${assertionId}" Version="2.0" IssueInstant="${instant}">` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${escapeXml(options.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent')}">${escapeXml(options.subject)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${notOnOrAfter}" Recipient="${escapeXml(options.recipient ?? options.acsUrl)}"${confirmationInResponseTo}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${instant}" SessionIndex="_s${randomBytes(8).toString('hex')}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`;
  const signWith = options.signWith === undefined ? defaults.key : options.signWith;
  const response =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${instant}" Destination="${escapeXml(destination)}"${inResponseTo}>` +
    `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `${assertion}</samlp:Response>`;
  return signWith ? signAssertion(response, signWith) : response;
}

const requestParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true });

/** The SAMLResponse field of the auto-submitted form a browser receives from the IdP. */
export function formResponse(html: string): string {
  const value = /name="SAMLResponse" value="([^"]+)"/.exec(html)?.[1];
  if (!value) throw new Error('no SAMLResponse in the IdP page');
  return value;
}

export async function startTestSamlIdp(): Promise<TestSamlIdp> {
  const key = await newSigningKey();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp: TestSamlIdp = {
    entryPoint: `${base}/sso`,
    entityId: `${base}/metadata`,
    key,
    signedInAs: null,
    requests: [],
    response: (options) => Buffer.from(buildResponseXml(options, { issuer: idp.entityId, key })).toString('base64'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  server.on('request', (request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', base);
      const samlRequest = url.searchParams.get('SAMLRequest');
      if (url.pathname !== '/sso' || !samlRequest) {
        response.writeHead(404).end();
        return;
      }
      const xml = (await inflate(Buffer.from(samlRequest, 'base64'))).toString('utf8');
      const authn = (requestParser.parse(xml) as { AuthnRequest?: Record<string, unknown> }).AuthnRequest ?? {};
      const received: ReceivedRequest = {
        id: String(authn.ID),
        acsUrl: typeof authn.AssertionConsumerServiceURL === 'string' ? authn.AssertionConsumerServiceURL : undefined,
        issuer: typeof authn.Issuer === 'string' ? authn.Issuer : undefined,
        relayState: url.searchParams.get('RelayState') ?? undefined,
      };
      idp.requests.push(received);
      const person = idp.signedInAs;
      if (!person || !received.acsUrl || !received.issuer) {
        response.writeHead(401).end('formulaire de connexion');
        return;
      }
      const samlResponse = idp.response({ inResponseTo: received.id, acsUrl: received.acsUrl, audience: received.issuer, ...person });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeXml(received.acsUrl)}">` +
          `<input type="hidden" name="SAMLResponse" value="${samlResponse}"></form></body></html>`,
      );
    })().catch(() => response.writeHead(500).end());
  });
  return idp;
}
