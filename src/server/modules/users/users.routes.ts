// HTTP for accounts.
import type { FastifyInstance } from 'fastify';
import { createUserSchema, idParamSchema } from '../../../shared/api.ts';
import { currentUser } from '../../http/route-policy.ts';
import type { UsersService } from './users.service.ts';

export function registerUsersRoutes(app: FastifyInstance, users: UsersService): void {
  app.get('/api/users', { config: { policy: 'user:list' } }, async (request) => users.list(currentUser(request)));
  app.post('/api/users', { config: { policy: 'user:create' } }, async (request, reply) => {
    const created = await users.create(currentUser(request), createUserSchema.parse(request.body));
    return reply.code(201).send(created);
  });
  app.post('/api/users/:id/disable', { config: { policy: 'user:manage' } }, async (request, reply) => {
    await users.disable(currentUser(request), idParamSchema.parse(request.params).id);
    return reply.code(204).send();
  });
  app.post('/api/users/:id/enable', { config: { policy: 'user:manage' } }, async (request, reply) => {
    await users.enable(currentUser(request), idParamSchema.parse(request.params).id);
    return reply.code(204).send();
  });
}
