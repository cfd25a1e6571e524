// HTTP for signing in and out, the current person, and the first administrator's set-up link.
import type { FastifyInstance } from 'fastify';
import { loginSchema, setupSchema, type MeResponse } from '../../../shared/api.ts';
import type { TutorModel } from '../../../shared/models.ts';
import { SESSION_COOKIE, currentUser } from '../../http/route-policy.ts';
import type { SchoolsRepo } from '../schools/schools.repo.ts';
import type { UsersRepo } from '../users/users.repo.ts';
import type { AuthService, SessionUser } from './auth.service.ts';

export interface AuthRoutesDeps {
  auth: AuthService;
  users: UsersRepo;
  schools: SchoolsRepo;
  sessionTtlMs: number;
  /** The model this pupil talks to, named by the AI notice (model catalogue; same rule as the chat). */
  tutorModel?: (pupilId: string) => Promise<TutorModel | null>;
}

export function registerAuthRoutes(app: FastifyInstance, { auth, users, schools, sessionTtlMs, tutorModel }: AuthRoutesDeps): void {
  async function me(user: SessionUser): Promise<MeResponse> {
    const school = user.schoolId ? await schools.findById(user.schoolId) : undefined;
    const classes = await users.classesOf(user.id);
    return {
      id: user.id,
      login: user.login,
      displayName: user.displayName,
      role: user.role,
      school: school ? { id: school.id, uai: school.uai, name: school.name } : null,
      classes: classes.map((c) => ({ id: c.id, name: c.name, level: c.level, tutorEnabled: c.tutor_disabled_at === null })),
      ...(user.role === 'pupil' && tutorModel ? { tutorModel: await tutorModel(user.id) } : {}),
    };
  }

  app.post('/api/auth/login', { config: { policy: 'public' } }, async (request, reply) => {
    const input = loginSchema.parse(request.body);
    const { token } = await auth.login(input.login, input.password, request.ip);
    const user = await auth.authenticate(token);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: Math.floor(sessionTtlMs / 1000),
    });
    return me(currentUser({ user }));
  });

  app.post('/api/auth/logout', { config: { policy: 'auth:logout' } }, async (request, reply) => {
    await auth.logout(request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/me', { config: { policy: 'me:read' } }, async (request) => me(currentUser(request)));

  app.post('/api/setup', { config: { policy: 'public' } }, async (request, reply) => {
    await auth.completeSetup(setupSchema.parse(request.body));
    return reply.code(201).send({ ok: true });
  });
}
