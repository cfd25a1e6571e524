// Every route declares the policy action it needs (`config: { policy }`). Registration fails for a
// route without one, and a hook checks the signed-in person's role before the handler runs; handlers
// then check the object itself through the services.
import type { FastifyInstance } from 'fastify';
import { can, type RoutePolicy } from '../policies/policies.ts';
import type { SessionUser } from '../modules/auth/auth.service.ts';
import { forbidden, unauthenticated } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
    /** false only for routes called server to server (CAS single logout), which the origin check skips. */
    originCheck?: boolean;
  }
  interface FastifyInstance {
    /** Every route with its declared policy: the authorization tests walk it. */
    routeTable: RouteEntry[];
  }
  interface FastifyRequest {
    user: SessionUser | null;
    sessionToken: string | undefined;
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  policy: RoutePolicy;
}

export const SESSION_COOKIE = 'tuteur_session';

export function installRoutePolicies(app: FastifyInstance, authenticate: (token: string | undefined) => Promise<SessionUser | null>): void {
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', undefined);

  app.addHook('onRoute', (route) => {
    const config: { policy?: RoutePolicy; rootPath?: string } | undefined = route.config;
    // Files of the built web app (registered one route per file by @fastify/static) are public by nature.
    if (config?.rootPath !== undefined && config.policy === undefined) {
      route.config = { ...config, policy: 'public' };
    }
    const policy = route.config?.policy;
    if (policy === undefined) throw new Error(`La route ${String(route.method)} ${route.url} ne déclare pas de politique d’accès.`);
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, policy });
  });

  app.addHook('preHandler', async (request) => {
    if (request.is404) return;
    const policy = request.routeOptions.config.policy;
    if (policy === undefined) throw forbidden();
    request.sessionToken = request.cookies[SESSION_COOKIE];
    request.user = await authenticate(request.sessionToken);
    if (policy === 'public') return;
    if (!request.user) throw unauthenticated();
    if (!can(request.user, policy)) throw forbidden();
  });
}

/** The signed-in person in a handler whose route policy already required one. */
export function currentUser(request: { user: SessionUser | null }): SessionUser {
  if (!request.user) throw unauthenticated();
  return request.user;
}
