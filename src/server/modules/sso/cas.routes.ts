// HTTP for CAS sign-in: the redirect to the ENT, the return with a service ticket, and the single logout
// request the CAS server posts when the person signs out of the ENT.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import { HttpError } from '../../http/errors.ts';
import { expectedOrigin } from '../../http/origin-check.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { casLoginUrl, CasError, parseLogoutRequest, validateServiceTicket, type CasValidation } from './cas.client.ts';
import type { CasProviderConfig, SsoProviderConfig } from './sso.config.ts';
import type { SsoRepo } from './sso.repo.ts';
import { attributeValues, type SsoIdentity, type SsoService } from './sso.service.ts';
import type { SessionOpener } from './sso-session.ts';
import { sendSsoError, sendSsoRefusal } from './sso-page.ts';

export const SSO_STATE_COOKIE = 'tuteur_sso_state';
const STATE_TTL_S = 600;

const providerParams = z.strictObject({ provider: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Fournisseur inconnu.') });
const flag = z.enum(['1', 'true'], { message: 'Valeur attendue : 1 ou true.' }).optional();
const loginQuery = z.strictObject({ renew: flag, gateway: flag });
const callbackQuery = z.strictObject({
  state: z.string().min(20).max(100).optional(),
  ticket: z.string().min(1).max(300).optional(),
  renew: flag,
  gateway: flag,
});

export interface CasRoutesDeps {
  providers: SsoProviderConfig[];
  sso: SsoService;
  repo: SsoRepo;
  sessions: SessionOpener;
  clock: Clock;
  publicUrl: string | undefined;
  sessionTtlMs: number;
}

/** The person as a CAS response describes it, through the provider's attribute names. */
export function casIdentity(provider: CasProviderConfig, validation: CasValidation): SsoIdentity {
  const names = provider.attributes;
  const first = (list: readonly string[]) => attributeValues(validation.attributes, list)[0];
  return {
    subject: validation.attributes[names.id]?.[0] ?? validation.user,
    uais: attributeValues(validation.attributes, names.uai),
    classes: attributeValues(validation.attributes, names.classes),
    profiles: attributeValues(validation.attributes, names.profiles),
    firstName: first(names.firstName),
    lastName: first(names.lastName),
    displayName: first(names.displayName),
  };
}

const CAS_FAILURES_FR: Record<string, string> = {
  INVALID_TICKET: 'Le ticket de connexion de l’ENT n’est pas valable (déjà utilisé ou expiré). Recommencez la connexion.',
  INVALID_SERVICE: 'L’ENT a refusé la connexion : le ticket n’a pas été délivré pour Tuteur.',
  INVALID_TICKET_SPEC: 'L’ENT a refusé ce ticket de connexion. Recommencez la connexion.',
  PROXY_REFUSED: 'Ce type de ticket (proxy) n’est pas accepté par Tuteur.',
  UNREACHABLE: 'Le serveur de connexion de l’ENT ne répond pas. Réessayez dans quelques minutes.',
};

export function registerCasRoutes(app: FastifyInstance, deps: CasRoutesDeps): void {
  const { sso, repo, sessions, clock } = deps;

  function casProvider(id: string): CasProviderConfig {
    const provider = deps.providers.find((p) => p.id === id);
    if (provider?.kind !== 'cas') throw new HttpError(404, 'unknown_provider', 'Ce fournisseur de connexion n’existe pas.');
    return provider;
  }

  /** The service URL given to CAS at login; rebuilt identically at validation, as the protocol requires. */
  function serviceUrl(request: FastifyRequest, providerId: string, state: string, mode: { renew: boolean; gateway: boolean }): string {
    const url = new URL(`/api/auth/cas/${providerId}/callback`, expectedOrigin(request, deps.publicUrl));
    url.searchParams.set('state', state);
    if (mode.renew) url.searchParams.set('renew', '1');
    else if (mode.gateway) url.searchParams.set('gateway', '1');
    return url.toString();
  }

  app.get('/api/auth/cas/:provider/login', { config: { policy: 'public' } }, async (request, reply) => {
    const provider = casProvider(providerParams.parse(request.params).provider);
    const query = loginQuery.parse(request.query);
    const mode = { renew: provider.renew || query.renew !== undefined, gateway: query.gateway !== undefined };
    // Binds the ticket that comes back to this browser, so nobody can sign someone in as themselves.
    const state = newToken();
    reply.setCookie(SSO_STATE_COOKIE, state, {
      path: '/api/auth/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: STATE_TTL_S,
    });
    return reply.redirect(casLoginUrl(provider, serviceUrl(request, provider.id, state, mode), mode), 302);
  });

  async function callback(request: FastifyRequest, reply: FastifyReply) {
    let providerId = '?';
    try {
      const provider = casProvider(providerParams.parse(request.params).provider);
      providerId = provider.id;
      const query = callbackQuery.parse(request.query);
      const mode = { renew: query.renew !== undefined, gateway: query.gateway !== undefined };
      const cookieState = request.cookies[SSO_STATE_COOKIE];
      if (!query.state || !cookieState || cookieState !== query.state) {
        throw new HttpError(400, 'sso_state', 'La connexion a expiré ou a été commencée dans un autre navigateur. Recommencez depuis la page de connexion.');
      }
      reply.clearCookie(SSO_STATE_COOKIE, { path: '/api/auth/' });
      if (!query.ticket) {
        // Gateway: the ENT had no open session and sent the person back without a ticket.
        if (mode.gateway) return reply.redirect('/', 302);
        throw new HttpError(400, 'sso_no_ticket', 'L’ENT n’a pas transmis de ticket de connexion. Recommencez la connexion.');
      }
      const ticketHash = hashToken(query.ticket);
      if (!(await repo.claimTicket(provider.id, ticketHash, clock.now()))) {
        throw new HttpError(403, 'sso_replay', CAS_FAILURES_FR.INVALID_TICKET ?? '');
      }
      const validation = await validateServiceTicket(provider, {
        service: serviceUrl(request, provider.id, query.state, mode),
        ticket: query.ticket,
        renew: mode.renew || provider.renew,
      });
      const session = await sessions.openSignedIn(request, reply, provider.id, await sso.signIn(provider, casIdentity(provider, validation)));
      // Single logout from the ENT names the ticket: it must find this session.
      await repo.attachSession(provider.id, ticketHash, session.tokenHash);
      await repo.purgeTickets(clock.now() - deps.sessionTtlMs);
      return reply.redirect('/', 302);
    } catch (error) {
      if (error instanceof CasError) {
        request.log.warn({ provider: providerId, casCode: error.code }, 'cas validation refused');
        const message = CAS_FAILURES_FR[error.code] ?? 'L’ENT a refusé la connexion. Recommencez ; si cela se reproduit, prévenez l’administration.';
        return sendSsoError(reply, error.code === 'UNREACHABLE' ? 502 : 403, message);
      }
      const refused = sendSsoRefusal(request, reply, providerId, error);
      if (refused) return refused;
      if (error instanceof z.ZodError) return sendSsoError(reply, 400, 'Adresse de retour de l’ENT invalide. Recommencez la connexion.');
      throw error;
    }
  }

  app.get('/api/auth/cas/:provider/callback', { config: { policy: 'public' } }, callback);

  // Single logout: the CAS server posts `logoutRequest` to the service URL (the callback) or to the
  // logout URL registered for Tuteur. It is a server-to-server call: no browser origin to check.
  async function singleLogout(request: FastifyRequest, reply: FastifyReply) {
    const provider = casProvider(providerParams.parse(request.params).provider);
    const body = z.strictObject({ logoutRequest: z.string().max(20_000) }).safeParse(request.body);
    const ticket = body.success ? parseLogoutRequest(body.data.logoutRequest) : undefined;
    if (ticket) {
      const tokenHash = await repo.sessionOfTicket(provider.id, hashToken(ticket));
      if (tokenHash) await sessions.revokeSessionByHash(tokenHash);
    }
    // The same answer whatever happened: the caller learns nothing about tickets.
    return reply.code(200).type('text/plain').send('ok');
  }

  for (const url of ['/api/auth/cas/:provider/logout', '/api/auth/cas/:provider/callback']) {
    app.post(url, { config: { policy: 'public', originCheck: false } }, singleLogout);
  }
}
