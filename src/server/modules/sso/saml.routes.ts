// HTTP for SAML sign-in: the redirect to the IdP, the Assertion Consumer Service the browser posts the
// IdP's response to, and the SP metadata the IdP's administrators register.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import { HttpError } from '../../http/errors.ts';
import { expectedOrigin } from '../../http/origin-check.ts';
import { hashToken } from '../auth/tokens.ts';
import { SAML_REQUEST_TTL_MS, SamlCheckError, samlLoginUrl, samlMetadata, validateSamlResponse, type SamlEndpoints, type SamlStore } from './saml.sp.ts';
import type { SamlProviderConfig, SsoProviderConfig } from './sso.config.ts';
import type { SsoRepo } from './sso.repo.ts';
import type { SsoService } from './sso.service.ts';
import type { SessionOpener } from './sso-session.ts';
import { sendSsoError, sendSsoRefusal } from './sso-page.ts';

const providerParams = z.strictObject({ provider: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Fournisseur inconnu.') });
// HTTP-POST binding: the IdP's auto-submitted form carries the response and, when sent, our RelayState.
const acsBody = z.strictObject({
  SAMLResponse: z.string({ message: 'Réponse SAML manquante.' }).min(1, 'Réponse SAML manquante.').max(200_000, 'Réponse SAML trop volumineuse.'),
  RelayState: z.string().max(200).optional(),
});

export interface SamlRoutesDeps {
  providers: SsoProviderConfig[];
  sso: SsoService;
  repo: SsoRepo;
  sessions: SessionOpener;
  clock: Clock;
  publicUrl: string | undefined;
}

const FAILED = 'Le fournisseur d’identité n’a pas pu confirmer votre connexion. Recommencez ; si cela se reproduit, prévenez l’administration.';
const USED = 'Cette connexion a déjà servi ou a expiré. Recommencez depuis la page de connexion.';
const USED_CODES = new Set(['saml_unsolicited', 'saml_request_used', 'saml_replay']);

export function registerSamlRoutes(app: FastifyInstance, deps: SamlRoutesDeps): void {
  const { sso, repo, sessions, clock } = deps;
  const now = () => clock.now();

  function samlProvider(id: string): SamlProviderConfig {
    const provider = deps.providers.find((p) => p.id === id);
    if (provider?.kind !== 'saml') throw new HttpError(404, 'unknown_provider', 'Ce fournisseur de connexion n’existe pas.');
    return provider;
  }

  function endpoints(request: FastifyRequest, provider: SamlProviderConfig): SamlEndpoints {
    const origin = expectedOrigin(request, deps.publicUrl);
    return {
      acsUrl: new URL(`/api/auth/saml/${provider.id}/acs`, origin).toString(),
      spEntityId: provider.spEntityId ?? new URL(`/api/auth/saml/${provider.id}/metadata`, origin).toString(),
    };
  }

  // Request ids live in sso_pending (hashed, with the OIDC states): every instance can answer the ACS.
  function store(provider: SamlProviderConfig): SamlStore {
    const key = (requestId: string) => hashToken(`saml:${requestId}`);
    return {
      async saveRequest(requestId, issuedAt) {
        await repo.savePending({ state_hash: key(requestId), provider_id: provider.id, payload: issuedAt, expires_at: clock.now() + SAML_REQUEST_TTL_MS });
      },
      requestIssuedAt: (requestId) => repo.peekPending(key(requestId), provider.id, clock.now()),
      removeRequest: (requestId) => repo.deletePending(key(requestId), provider.id),
      claimAssertion: (assertionId, expiresAt) => repo.claimAssertion(provider.id, hashToken(assertionId), expiresAt, clock.now()),
    };
  }

  app.get('/api/auth/saml/:provider/login', { config: { policy: 'public' } }, async (request, reply) => {
    const provider = samlProvider(providerParams.parse(request.params).provider);
    z.strictObject({}).parse(request.query);
    await repo.purgePending(clock.now());
    const url = await samlLoginUrl(provider, endpoints(request, provider), store(provider), now);
    return reply.redirect(url, 302);
  });

  app.get('/api/auth/saml/:provider/metadata', { config: { policy: 'public' } }, async (request, reply) => {
    const provider = samlProvider(providerParams.parse(request.params).provider);
    return reply.type('application/samlmetadata+xml; charset=utf-8').send(samlMetadata(provider, endpoints(request, provider)));
  });

  // The IdP's page posts the response from its own origin (HTTP-POST binding), so the origin check cannot
  // apply. The request needs and reads no session: what it proves comes from the IdP's signature on the
  // assertion, checked with the configured certificate, and from the request id we issued, usable once.
  async function acs(request: FastifyRequest, reply: FastifyReply) {
    // An unknown provider is answered like any unknown API resource (JSON 404), as for CAS single logout.
    const provider = samlProvider(providerParams.parse(request.params).provider);
    const providerId = provider.id;
    try {
      const body = acsBody.parse(request.body);
      const identity = await validateSamlResponse(provider, endpoints(request, provider), store(provider), body.SAMLResponse, now);
      await sessions.openSignedIn(request, reply, provider.id, await sso.signIn(provider, identity));
      // 303: the browser follows with a GET, where the new Lax session cookie is sent.
      return reply.redirect('/', 303);
    } catch (error) {
      const refused = sendSsoRefusal(request, reply, providerId, error);
      if (refused) return refused;
      if (error instanceof z.ZodError) return sendSsoError(reply, 400, 'Réponse du fournisseur d’identité invalide. Recommencez la connexion.');
      // Signature, audience, time, InResponseTo (node-saml) and our own checks: the reason goes to the log only.
      const code = error instanceof SamlCheckError ? error.code : 'saml_invalid';
      const reason = error instanceof SamlCheckError ? undefined : (error as Error).message.slice(0, 200);
      request.log.warn({ provider: providerId, code, reason }, 'saml response refused');
      const used = USED_CODES.has(code) || /InResponseTo/.test(reason ?? '');
      return sendSsoError(reply, 403, used ? USED : FAILED);
    }
  }

  app.post('/api/auth/saml/:provider/acs', { config: { policy: 'public', originCheck: false } }, acs);
}
