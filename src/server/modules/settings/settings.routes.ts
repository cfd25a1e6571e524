// HTTP for a school's settings.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { setSettingSchema } from '../../../shared/api.ts';
import { currentUser } from '../../http/route-policy.ts';
import type { SettingsService } from './settings.service.ts';

const params = z.strictObject({ id: z.string().uuid('Établissement invalide.') });
const keyParams = params.extend({ key: z.string().min(1).max(60) });

export function registerSettingsRoutes(app: FastifyInstance, settings: SettingsService): void {
  app.get('/api/schools/:id/settings', { config: { policy: 'settings:read' } }, async (request) => settings.list(currentUser(request), params.parse(request.params).id));
  app.put('/api/schools/:id/settings/:key', { config: { policy: 'settings:write' } }, async (request) => {
    const { id, key } = keyParams.parse(request.params);
    return settings.set(currentUser(request), id, key, setSettingSchema.parse(request.body).value);
  });
}
