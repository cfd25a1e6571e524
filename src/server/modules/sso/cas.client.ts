// CAS 2.0 / 3.0 client (Apereo CAS protocol specification): the login redirect, service ticket
// validation with attributes, and the single logout request. Proxy tickets are never accepted: Tuteur
// validates only tickets the CAS server issued to it for a person who signed in.
import { XMLParser } from 'fast-xml-parser';

export interface CasServer {
  serverUrl: string;
  version: '2.0' | '3.0';
  timeoutMs: number;
}

export interface CasValidation {
  user: string;
  attributes: Record<string, string[]>;
}

/** A refused validation; `code` is the CAS failure code or one of ours (PROXY_REFUSED, BAD_RESPONSE, UNREACHABLE). */
export class CasError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CasError';
    this.code = code;
  }
}

const MAX_RESPONSE_BYTES = 256 * 1024;
// Printable ASCII without spaces, as the specification's tickets; bounded as it recommends (256).
const TICKET_PATTERN = /^[\x21-\x7e]{1,256}$/;

export function casLoginUrl(server: Pick<CasServer, 'serverUrl'>, service: string, mode: { renew?: boolean; gateway?: boolean } = {}): string {
  const url = new URL(`${server.serverUrl}/login`);
  url.searchParams.set('service', service);
  // The specification: renew and gateway are exclusive, renew wins.
  if (mode.renew) url.searchParams.set('renew', 'true');
  else if (mode.gateway) url.searchParams.set('gateway', 'true');
  return url.toString();
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

type XmlNode = Record<string, unknown>;

const isNode = (value: unknown): value is XmlNode => typeof value === 'object' && value !== null && !Array.isArray(value);

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'];
  if (isNode(value) && Object.keys(value).length === 0) return '';
  return undefined;
}

function addAttribute(into: Record<string, string[]>, name: string, value: unknown): void {
  for (const item of Array.isArray(value) ? value : [value]) {
    const text = textOf(item);
    if (text !== undefined && text !== '') (into[name] ??= []).push(text);
  }
}

function parseXml(xml: string): XmlNode {
  // Entity declarations are how XML bombs and external entities come in; CAS responses never need one.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new CasError('BAD_RESPONSE', 'réponse CAS avec une déclaration DOCTYPE refusée');
  try {
    const parsed: unknown = parser.parse(xml);
    if (!isNode(parsed)) throw new Error('not an element');
    return parsed;
  } catch (error) {
    if (error instanceof CasError) throw error;
    throw new CasError('BAD_RESPONSE', 'réponse CAS illisible');
  }
}

/** Reads a `cas:serviceResponse` document: the person and its attributes, or the failure. */
export function parseServiceResponse(xml: string): CasValidation {
  const root = parseXml(xml).serviceResponse;
  if (!isNode(root)) throw new CasError('BAD_RESPONSE', 'réponse CAS sans serviceResponse');
  const failure = root.authenticationFailure;
  if (failure !== undefined) {
    const code = isNode(failure) && typeof failure['@_code'] === 'string' ? failure['@_code'] : 'INVALID_TICKET';
    throw new CasError(code, (textOf(failure) ?? '').slice(0, 300));
  }
  const success = root.authenticationSuccess;
  if (!isNode(success)) throw new CasError('BAD_RESPONSE', 'réponse CAS sans authenticationSuccess');
  // A proxy chain means the ticket was obtained by another service on the person's behalf.
  if (success.proxies !== undefined) throw new CasError('PROXY_REFUSED', 'ticket de proxy refusé');
  const user = textOf(success.user);
  if (!user) throw new CasError('BAD_RESPONSE', 'réponse CAS sans utilisateur');

  const attributes: Record<string, string[]> = {};
  const block = success.attributes;
  if (isNode(block)) {
    for (const [name, value] of Object.entries(block)) {
      if (name === 'attribute') {
        // <cas:attribute name="x" value="y"/> as some servers write them.
        for (const item of Array.isArray(value) ? value : [value]) {
          if (isNode(item) && typeof item['@_name'] === 'string') addAttribute(attributes, item['@_name'], item['@_value'] ?? textOf(item));
        }
      } else if (!name.startsWith('@_')) {
        addAttribute(attributes, name, value);
      }
    }
  }
  // CAS 2.0 servers that predate the attributes block put them beside cas:user.
  for (const [name, value] of Object.entries(success)) {
    if (['user', 'attributes', 'proxyGrantingTicket', 'proxies'].includes(name) || name.startsWith('@_') || name === '#text') continue;
    if (attributes[name] === undefined) addAttribute(attributes, name, value);
  }
  return { user, attributes };
}

/** Validates a service ticket at /p3/serviceValidate (CAS 3.0) or /serviceValidate (CAS 2.0). */
export async function validateServiceTicket(
  server: CasServer,
  input: { service: string; ticket: string; renew: boolean },
): Promise<CasValidation> {
  if (!TICKET_PATTERN.test(input.ticket)) throw new CasError('INVALID_TICKET_SPEC', 'ticket mal formé');
  if (input.ticket.startsWith('PT-')) throw new CasError('PROXY_REFUSED', 'ticket de proxy refusé');
  const url = new URL(`${server.serverUrl}${server.version === '3.0' ? '/p3/serviceValidate' : '/serviceValidate'}`);
  url.searchParams.set('service', input.service);
  url.searchParams.set('ticket', input.ticket);
  if (input.renew) url.searchParams.set('renew', 'true');
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(server.timeoutMs), redirect: 'error', headers: { accept: 'application/xml, text/xml' } });
  } catch {
    throw new CasError('UNREACHABLE', 'serveur CAS injoignable');
  }
  if (!response.ok) throw new CasError('UNREACHABLE', `serveur CAS : réponse HTTP ${response.status}`);
  const body = await readLimited(response, MAX_RESPONSE_BYTES);
  return parseServiceResponse(body);
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new CasError('BAD_RESPONSE', 'réponse CAS trop volumineuse');
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The SessionIndex (the service ticket) of a CAS single logout request, or undefined. */
export function parseLogoutRequest(xml: string): string | undefined {
  try {
    const request = parseXml(xml).LogoutRequest;
    if (!isNode(request)) return undefined;
    const index = textOf(Array.isArray(request.SessionIndex) ? request.SessionIndex[0] : request.SessionIndex);
    return index && TICKET_PATTERN.test(index) ? index : undefined;
  } catch {
    return undefined;
  }
}
