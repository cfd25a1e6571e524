// HTTP for one-time password reset links: an administrator makes one for an account; the person opens
// /reinitialisation/<token> (the web page) which reads and uses it through the two public routes.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { idParamSchema, passwordResetSchema } from '../../../shared/api.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import { currentUser } from '../../http/route-policy.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { createPasswordResetRepo } from './password-reset.repo.ts';
import { createPasswordResetService, type PasswordResetService } from './password-reset.service.ts';

// newToken(): 32 random bytes in base64url.
const tokenParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Lien de réinitialisation invalide.') });

export interface PasswordResetRoutesDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditLog;
  revokeAccess: (userId: string) => Promise<void>;
  pupilPasswordsAllowed: (schoolId: string) => Promise<boolean>;
}

export function registerPasswordResetRoutes(app: FastifyInstance, deps: PasswordResetRoutesDeps): PasswordResetService {
  const resets = createPasswordResetService({ ...deps, repo: createPasswordResetRepo(deps.db) });

  // The link is shown once: no cache may keep it.
  app.post('/api/users/:id/password-reset', { config: { policy: 'user:password-reset' } }, async (request, reply) => {
    const link = await resets.createLink(currentUser(request), idParamSchema.parse(request.params).id);
    return reply.code(201).header('cache-control', 'no-store').send(link);
  });

  app.get('/api/password-resets/:token', { config: { policy: 'public' } }, async (request, reply) => {
    const info = await resets.inspect(tokenParams.parse(request.params).token);
    return reply.header('cache-control', 'no-store').send(info);
  });

  app.post('/api/password-resets/:token', { config: { policy: 'public' } }, async (request) => {
    const { token } = tokenParams.parse(request.params);
    return resets.reset(token, passwordResetSchema.parse(request.body).password);
  });

  return resets;
}
