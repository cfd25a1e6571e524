// HTTP for classes.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createClassSchema } from '../../../shared/api.ts';
import { currentUser } from '../../http/route-policy.ts';
import type { ClassesService } from './classes.service.ts';

const listQuery = z.strictObject({ schoolId: z.string().uuid('Établissement invalide.').optional() });

export function registerClassesRoutes(app: FastifyInstance, classes: ClassesService): void {
  app.get('/api/classes', { config: { policy: 'class:list' } }, async (request) =>
    classes.list(currentUser(request), listQuery.parse(request.query).schoolId),
  );
  app.post('/api/classes', { config: { policy: 'class:create' } }, async (request, reply) => {
    const created = await classes.create(currentUser(request), createClassSchema.parse(request.body));
    return reply.code(201).send(created);
  });
}
