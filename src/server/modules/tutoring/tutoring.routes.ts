// HTTP for assignments, live sessions, the tutor switches and the pupil's tutor status.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createAssignmentSchema, createLiveSessionSchema, idParamSchema, tutorSwitchSchema, updateAssignmentSchema } from '../../../shared/api.ts';
import { currentUser } from '../../http/route-policy.ts';
import type { TutoringService } from './tutoring.service.ts';

const classQuery = z.strictObject({ classId: z.string().uuid('Classe invalide.') });

export function registerTutoringRoutes(app: FastifyInstance, tutoring: TutoringService): void {
  app.get('/api/assignments', { config: { policy: 'assignment:list' } }, async (request) => tutoring.listAssignments(currentUser(request)));
  app.get('/api/assignments/usage', { config: { policy: 'assignment:list' } }, async (request) => tutoring.usage(currentUser(request)));
  app.post('/api/assignments', { config: { policy: 'assignment:create' } }, async (request, reply) =>
    reply.code(201).send(await tutoring.createAssignment(currentUser(request), createAssignmentSchema.parse(request.body))),
  );
  app.get('/api/assignments/:id', { config: { policy: 'assignment:read' } }, async (request) =>
    tutoring.getAssignment(currentUser(request), idParamSchema.parse(request.params).id),
  );
  app.patch('/api/assignments/:id', { config: { policy: 'assignment:manage' } }, async (request) =>
    tutoring.updateAssignment(currentUser(request), idParamSchema.parse(request.params).id, updateAssignmentSchema.parse(request.body)),
  );
  app.post('/api/assignments/:id/tutor', { config: { policy: 'assignment:manage' } }, async (request, reply) => {
    await tutoring.setAssignmentTutor(currentUser(request), idParamSchema.parse(request.params).id, tutorSwitchSchema.parse(request.body).enabled);
    return reply.code(204).send();
  });
  app.post('/api/classes/:id/tutor', { config: { policy: 'class:tutor' } }, async (request, reply) => {
    await tutoring.setClassTutor(currentUser(request), idParamSchema.parse(request.params).id, tutorSwitchSchema.parse(request.body).enabled);
    return reply.code(204).send();
  });
  app.post('/api/live-sessions', { config: { policy: 'live-session:manage' } }, async (request, reply) => {
    const input = createLiveSessionSchema.parse(request.body);
    return reply.code(201).send(await tutoring.startLiveSession(currentUser(request), input.classId, input.durationMinutes));
  });
  app.post('/api/live-sessions/:id/end', { config: { policy: 'live-session:manage' } }, async (request, reply) => {
    await tutoring.endLiveSession(currentUser(request), idParamSchema.parse(request.params).id);
    return reply.code(204).send();
  });
  app.get('/api/live-sessions/current', { config: { policy: 'live-session:manage' } }, async (request) =>
    tutoring.liveView(currentUser(request), classQuery.parse(request.query).classId),
  );
  app.get('/api/me/tutor-status', { config: { policy: 'tutor:status' } }, async (request) => tutoring.status(currentUser(request)));
}
