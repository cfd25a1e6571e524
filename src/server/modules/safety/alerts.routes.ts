// HTTP for the designated staff's alerts page.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParamSchema } from '../../../shared/api.ts';
import { currentUser } from '../../http/route-policy.ts';
import type { SafetyService } from './safety.service.ts';

const updateSchema = z.strictObject({
  state: z.enum(['new', 'seen', 'handled'], { message: 'État inconnu : new, seen ou handled.' }),
  note: z.string().trim().max(2000, '2000 caractères au maximum.').optional(),
});

export function registerAlertsRoutes(app: FastifyInstance, safety: SafetyService): void {
  app.get('/api/alerts', { config: { policy: 'alert:handle' } }, async (request) => safety.list(currentUser(request)));
  app.get('/api/alerts/:id', { config: { policy: 'alert:handle' } }, async (request) => safety.open(currentUser(request), idParamSchema.parse(request.params).id));
  app.patch('/api/alerts/:id', { config: { policy: 'alert:handle' } }, async (request, reply) => {
    await safety.update(currentUser(request), idParamSchema.parse(request.params).id, updateSchema.parse(request.body));
    return reply.code(204).send();
  });
}
