// HTTP for the model catalogue: the académie describes the models and allows them per school; a school
// admin chooses its default and each class's model among those allowed.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { allowedModelsSchema, chooseModelSchema, registerModelSchema, updateModelSchema } from '../../../shared/models.ts';
import { currentUser } from '../../http/route-policy.ts';
import type { ModelsService } from './models.service.ts';

const idParams = z.strictObject({ id: z.string().uuid('Identifiant invalide.') });

export function registerModelsRoutes(app: FastifyInstance, models: ModelsService): void {
  app.get('/api/models', { config: { policy: 'model:list' } }, async (request) => models.catalogue(currentUser(request)));
  app.get('/api/models/files', { config: { policy: 'model:manage' } }, async (request) => models.files(currentUser(request)));
  app.post('/api/models', { config: { policy: 'model:manage' } }, async (request, reply) =>
    reply.code(201).send(await models.register(currentUser(request), registerModelSchema.parse(request.body))),
  );
  app.patch('/api/models/:id', { config: { policy: 'model:manage' } }, async (request) =>
    models.update(currentUser(request), idParams.parse(request.params).id, updateModelSchema.parse(request.body)),
  );
  app.delete('/api/models/:id', { config: { policy: 'model:manage' } }, async (request, reply) => {
    await models.remove(currentUser(request), idParams.parse(request.params).id);
    return reply.code(204).send();
  });

  app.get('/api/schools/:id/models', { config: { policy: 'model:choose' } }, async (request) =>
    models.schoolModels(currentUser(request), idParams.parse(request.params).id),
  );
  app.put('/api/schools/:id/models/allowed', { config: { policy: 'model:manage' } }, async (request) =>
    models.setAllowed(currentUser(request), idParams.parse(request.params).id, allowedModelsSchema.parse(request.body).modelIds),
  );
  app.put('/api/schools/:id/model', { config: { policy: 'model:choose' } }, async (request) =>
    models.chooseForSchool(currentUser(request), idParams.parse(request.params).id, chooseModelSchema.parse(request.body).modelId),
  );
  app.put('/api/classes/:id/model', { config: { policy: 'model:choose' } }, async (request) =>
    models.chooseForClass(currentUser(request), idParams.parse(request.params).id, chooseModelSchema.parse(request.body).modelId),
  );
}
