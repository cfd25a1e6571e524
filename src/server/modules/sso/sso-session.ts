// Opens a session for a person signed in by a provider: the same server-side row and cookie as a local
// password sign-in, so everything after sign-in (revocation, expiry, /api/me) works the same.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.ts';
import { SESSION_COOKIE } from '../../http/route-policy.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { hashToken, newToken } from '../auth/tokens.ts';

export function createSessionOpener(deps: { authRepo: AuthRepo; clock: Clock; sessionTtlMs: number }) {
  /** A new session for this account; returns the cookie token and the hash it is stored under. */
  async function createSessionFor(userId: string): Promise<{ token: string; tokenHash: string }> {
    const token = newToken();
    const tokenHash = hashToken(token);
    const now = deps.clock.now();
    await deps.authRepo.insertSession({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: now + deps.sessionTtlMs });
    return { token, tokenHash };
  }

  /** The cookie a local sign-in sets (auth.routes.ts), with the same attributes. */
  function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: Math.floor(deps.sessionTtlMs / 1000),
    });
  }

  return {
    createSessionFor,

    /** The end of every provider's sign-in (CAS, OIDC, SAML): the session row, its cookie, one log line (ids only). */
    async openSignedIn(request: FastifyRequest, reply: FastifyReply, providerId: string, signedIn: { userId: string; created: boolean }) {
      const session = await createSessionFor(signedIn.userId);
      setSessionCookie(request, reply, session.token);
      request.log.info({ provider: providerId, created: signedIn.created }, 'sso sign-in');
      return session;
    },

    revokeSessionByHash: (tokenHash: string) => deps.authRepo.revokeSession(tokenHash, deps.clock.now()),
  };
}

export type SessionOpener = ReturnType<typeof createSessionOpener>;
