// HTTP for OpenID Connect sign-in (académie or EduConnect-style providers): authorization code with PKCE,
// the provider's metadata read by discovery, claims mapped by configuration like CAS attributes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import { HttpError } from '../../http/errors.ts';
import { expectedOrigin } from '../../http/origin-check.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { SSO_STATE_COOKIE } from './cas.routes.ts';
import type { OidcProviderConfig, SsoProviderConfig } from './sso.config.ts';
import type { SsoRepo } from './sso.repo.ts';
import { SsoRefusal, type SsoIdentity, type SsoService } from './sso.service.ts';
import type { SessionOpener } from './sso-session.ts';
import { sendSsoError, sendSsoRefusal } from './sso-page.ts';

const PENDING_TTL_MS = 10 * 60_000;

const providerParams = z.strictObject({ provider: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Fournisseur inconnu.') });
// The parameters an authorization response may carry (RFC 6749, RFC 9207, OIDC session management).
const callbackQuery = z.strictObject({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  iss: z.string().max(500).optional(),
  session_state: z.string().max(500).optional(),
  scope: z.string().max(1000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  error_uri: z.string().max(1000).optional(),
});

const pendingSchema = z.strictObject({ verifier: z.string(), nonce: z.string() });

export interface OidcRoutesDeps {
  providers: SsoProviderConfig[];
  sso: SsoService;
  repo: SsoRepo;
  sessions: SessionOpener;
  clock: Clock;
  publicUrl: string | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'string') return value ? [value] : [];
  if (typeof value === 'number') return [String(value)];
  return [];
}

/** The person as the provider's claims describe it, through the configured claim names. */
export function oidcIdentity(provider: OidcProviderConfig, claims: Record<string, unknown>): SsoIdentity {
  const names = provider.claims;
  const all = (list: readonly string[]) => list.flatMap((name) => strings(claims[name]));
  const subject = strings(claims[names.id])[0];
  if (!subject) throw new SsoRefusal('sso_no_subject', 'Le fournisseur d’identité n’a pas transmis d’identifiant : connexion impossible.');
  return {
    subject,
    uais: all(names.uai),
    classes: all(names.classes),
    profiles: all(names.profiles),
    firstName: all(names.firstName)[0],
    lastName: all(names.lastName)[0],
    displayName: all(names.displayName)[0],
  };
}

export function registerOidcRoutes(app: FastifyInstance, deps: OidcRoutesDeps): void {
  const { sso, repo, sessions, clock } = deps;
  const configurations = new Map<string, Promise<oidc.Configuration>>();

  function oidcProvider(id: string): OidcProviderConfig {
    const provider = deps.providers.find((p) => p.id === id);
    if (provider?.kind !== 'oidc') throw new HttpError(404, 'unknown_provider', 'Ce fournisseur de connexion n’existe pas.');
    return provider;
  }

  /** Discovery once per provider; a failure is not cached, so the next sign-in tries again. */
  function configurationOf(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    let pending = configurations.get(provider.id);
    if (!pending) {
      const issuer = new URL(provider.issuer);
      // Plain HTTP only for a provider on this machine (tests, a local relay); anything else must be HTTPS.
      const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
      pending = oidc
        .discovery(issuer, provider.clientId, undefined, provider.clientSecret ? oidc.ClientSecretPost(provider.clientSecret) : oidc.None(), {
          timeout: Math.ceil(provider.timeoutMs / 1000),
          execute: insecure ? [oidc.allowInsecureRequests] : [],
        })
        .catch((error: unknown) => {
          configurations.delete(provider.id);
          throw error;
        });
      configurations.set(provider.id, pending);
    }
    return pending;
  }

  const redirectUri = (request: FastifyRequest, providerId: string) =>
    new URL(`/api/auth/oidc/${providerId}/callback`, expectedOrigin(request, deps.publicUrl)).toString();

  app.get('/api/auth/oidc/:provider/login', { config: { policy: 'public' } }, async (request, reply) => {
    const provider = oidcProvider(providerParams.parse(request.params).provider);
    z.strictObject({}).parse(request.query);
    let configuration: oidc.Configuration;
    try {
      configuration = await configurationOf(provider);
    } catch {
      request.log.warn({ provider: provider.id }, 'oidc discovery failed');
      return sendSsoError(reply, 502, 'Le fournisseur d’identité ne répond pas. Réessayez dans quelques minutes.');
    }
    const state = newToken();
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const now = clock.now();
    await repo.purgePending(now);
    await repo.savePending({ state_hash: hashToken(state), provider_id: provider.id, payload: JSON.stringify({ verifier, nonce }), expires_at: now + PENDING_TTL_MS });
    reply.setCookie(SSO_STATE_COOKIE, state, { path: '/api/auth/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: PENDING_TTL_MS / 1000 });
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri(request, provider.id),
      scope: provider.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return reply.redirect(url.toString(), 302);
  });

  app.get('/api/auth/oidc/:provider/callback', { config: { policy: 'public' } }, async (request: FastifyRequest, reply: FastifyReply) => {
    let providerId = '?';
    try {
      const provider = oidcProvider(providerParams.parse(request.params).provider);
      providerId = provider.id;
      const query = callbackQuery.parse(request.query);
      const cookieState = request.cookies[SSO_STATE_COOKIE];
      if (!query.state || !cookieState || cookieState !== query.state) {
        throw new HttpError(400, 'sso_state', 'La connexion a expiré ou a été commencée dans un autre navigateur. Recommencez depuis la page de connexion.');
      }
      reply.clearCookie(SSO_STATE_COOKIE, { path: '/api/auth/' });
      const stored = await repo.takePending(hashToken(query.state), provider.id, clock.now());
      if (!stored) throw new HttpError(400, 'sso_state', 'Cette connexion a déjà servi ou a expiré. Recommencez depuis la page de connexion.');
      if (query.error) {
        request.log.warn({ provider: provider.id, oidcError: query.error }, 'oidc sign-in refused by the provider');
        throw new HttpError(403, 'sso_provider_refused', 'Le fournisseur d’identité a refusé la connexion.');
      }
      const pending = pendingSchema.parse(JSON.parse(stored));
      const configuration = await configurationOf(provider);
      const currentUrl = new URL(request.url, expectedOrigin(request, deps.publicUrl));
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: query.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims() as Record<string, unknown> | undefined;
      const subject = typeof idClaims?.sub === 'string' ? idClaims.sub : undefined;
      // Many providers give school and profile claims at the userinfo endpoint only.
      const userinfo =
        subject && configuration.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(configuration, tokens.access_token, subject) : {};
      await sessions.openSignedIn(request, reply, provider.id, await sso.signIn(provider, oidcIdentity(provider, { ...idClaims, ...userinfo })));
      return reply.redirect('/', 302);
    } catch (error) {
      const refused = sendSsoRefusal(request, reply, providerId, error);
      if (refused) return refused;
      if (error instanceof z.ZodError) return sendSsoError(reply, 400, 'Adresse de retour du fournisseur d’identité invalide. Recommencez la connexion.');
      // openid-client's checks (issuer, audience, signature, nonce, PKCE) and network failures.
      request.log.warn({ provider: providerId, err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'oidc validation failed');
      return sendSsoError(reply, 403, 'Le fournisseur d’identité n’a pas pu confirmer votre connexion. Recommencez ; si cela se reproduit, prévenez l’administration.');
    }
  });
}
