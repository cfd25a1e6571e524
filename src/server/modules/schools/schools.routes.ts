// HTTP for schools.
import type { FastifyInstance } from 'fastify';
import { createSchoolSchema } from '../../../shared/api.ts';
import { currentUser } from '../../http/route-policy.ts';
import type { SchoolsService } from './schools.service.ts';

export function registerSchoolsRoutes(app: FastifyInstance, schools: SchoolsService): void {
  app.get('/api/schools', { config: { policy: 'school:list' } }, async (request) => schools.list(currentUser(request)));
  app.post('/api/schools', { config: { policy: 'school:create' } }, async (request, reply) => {
    const school = await schools.create(currentUser(request), createSchoolSchema.parse(request.body));
    return reply.code(201).send(school);
  });
}
