// A CAS server for tests, written from the CAS protocol specification (2.0 and 3.0): /login issues
// single-use service tickets bound to a service URL, /serviceValidate and /p3/serviceValidate validate
// them with the specification's failure codes. Listens on loopback only.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface IssuedTicket {
  user: string;
  service: string;
  /** Issued right after the person typed a password (renew), not from an existing CAS session. */
  primary: boolean;
}

export interface TestCasServer {
  /** Base URL to configure as serverUrl, e.g. http://127.0.0.1:PORT/cas */
  url: string;
  /** Attributes of each known person (CAS 3.0 attributes block). */
  users: Map<string, Record<string, string[]>>;
  /** Who the browser is signed in as at the CAS server; null: nobody (gateway sends back without ticket). */
  signedInAs: string | null;
  /** Validation requests received, path and query. */
  validations: { path: string; params: Record<string, string> }[];
  /** Misbehaviours to check the client does not rely on the server: tickets usable twice, proxy chains. */
  faults: { reusableTickets: boolean; addProxies: boolean };
  issueTicket(user: string, service: string, prefix?: 'ST' | 'PT'): string;
  close(): Promise<void>;
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

function failure(code: string, message: string): string {
  return `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationFailure code="${code}">${escapeXml(message)}</cas:authenticationFailure>
</cas:serviceResponse>`;
}

function success(user: string, attributes: Record<string, string[]>, proxies: boolean): string {
  const attrs = Object.entries(attributes)
    .flatMap(([name, values]) => values.map((v) => `      <cas:${name}>${escapeXml(v)}</cas:${name}>`))
    .join('\n');
  const chain = proxies ? '\n    <cas:proxies><cas:proxy>https://autre-service.example/proxy</cas:proxy></cas:proxies>' : '';
  return `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationSuccess>
    <cas:user>${escapeXml(user)}</cas:user>
    <cas:attributes>
${attrs}
    </cas:attributes>${chain}
  </cas:authenticationSuccess>
</cas:serviceResponse>`;
}

export async function startTestCasServer(): Promise<TestCasServer> {
  const tickets = new Map<string, IssuedTicket>();
  const state: Omit<TestCasServer, 'url' | 'close' | 'issueTicket'> = {
    users: new Map(),
    signedInAs: null,
    validations: [],
    faults: { reusableTickets: false, addProxies: false },
  };

  function issueTicket(user: string, service: string, prefix: 'ST' | 'PT' = 'ST', primary = false): string {
    const ticket = `${prefix}-${randomBytes(24).toString('base64url')}`;
    tickets.set(ticket, { user, service, primary });
    return ticket;
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const params = Object.fromEntries(url.searchParams);
    if (url.pathname === '/cas/login') {
      const service = params.service;
      if (!service) {
        response.writeHead(400).end('service manquant');
        return;
      }
      const renew = params.renew === 'true';
      // gateway: never ask for credentials; without a CAS session, go back without a ticket.
      if (params.gateway === 'true' && !renew && state.signedInAs === null) {
        response.writeHead(302, { location: service }).end();
        return;
      }
      const user = state.signedInAs;
      if (user === null) {
        response.writeHead(401).end('formulaire de connexion');
        return;
      }
      const ticket = issueTicket(user, service, 'ST', renew);
      response.writeHead(302, { location: `${service}${service.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}` }).end();
      return;
    }
    if (url.pathname === '/cas/serviceValidate' || url.pathname === '/cas/p3/serviceValidate') {
      state.validations.push({ path: url.pathname, params });
      response.setHeader('content-type', 'application/xml; charset=utf-8');
      const { service, ticket } = params;
      if (!service || !ticket) {
        response.end(failure('INVALID_REQUEST', 'service and ticket are required'));
        return;
      }
      const issued = tickets.get(ticket);
      // A ticket is good for one validation attempt, whatever its outcome.
      if (!state.faults.reusableTickets) tickets.delete(ticket);
      if (!issued) {
        response.end(failure('INVALID_TICKET', `Ticket ${ticket} not recognized`));
        return;
      }
      if (ticket.startsWith('PT-')) {
        response.end(failure('INVALID_TICKET_SPEC', 'proxy tickets are not accepted by serviceValidate'));
        return;
      }
      if (issued.service !== service) {
        response.end(failure('INVALID_SERVICE', `Ticket ${ticket} was not issued for ${service}`));
        return;
      }
      if (params.renew === 'true' && !issued.primary) {
        response.end(failure('INVALID_TICKET_SPEC', 'ticket not issued from primary credentials'));
        return;
      }
      response.end(success(issued.user, state.users.get(issued.user) ?? {}, state.faults.addProxies));
      return;
    }
    response.writeHead(404).end();
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/cas`,
    issueTicket: (user: string, service: string, prefix: 'ST' | 'PT' = 'ST') => issueTicket(user, service, prefix),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** The body a CAS server posts for single logout: `logoutRequest` with the service ticket as SessionIndex. */
export function logoutRequestBody(ticket: string): string {
  const xml = `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="LR-${randomBytes(8).toString('hex')}" Version="2.0" IssueInstant="${new Date().toISOString()}">
  <saml:NameID>@NOT_USED@</saml:NameID>
  <samlp:SessionIndex>${escapeXml(ticket)}</samlp:SessionIndex>
</samlp:LogoutRequest>`;
  return new URLSearchParams({ logoutRequest: xml }).toString();
}
