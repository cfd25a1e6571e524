// Everything identity adds to the application: the list of sign-in providers for the login page, CAS,
// OpenID Connect and SAML sign-in, and roster imports. One call for the app to make: registerIdentityRoutes.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import { createAuthRepo } from '../auth/auth.repo.ts';
import { createRosterRepo } from '../roster/roster.repo.ts';
import { registerRosterRoutes } from '../roster/roster.routes.ts';
import { createRosterService, type RosterService } from '../roster/roster.service.ts';
import { createSchoolsRepo } from '../schools/schools.repo.ts';
import { registerCasRoutes } from './cas.routes.ts';
import { registerOidcRoutes } from './oidc.routes.ts';
import { registerSamlRoutes } from './saml.routes.ts';
import type { SsoProviderConfig } from './sso.config.ts';
import { createSsoRepo } from './sso.repo.ts';
import { createSsoService, type SsoService } from './sso.service.ts';
import { createSessionOpener } from './sso-session.ts';

export interface IdentityDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** config.sso */
  providers: SsoProviderConfig[];
  /** config.publicUrl: the callback addresses given to providers are built on it. */
  publicUrl: string | undefined;
  sessionTtlMs: number;
  /** Ends every session and running answer of a person (what disabling an account does). */
  revokeAccess: (userId: string) => Promise<void>;
}

export interface IdentityServices {
  roster: RosterService;
  sso: SsoService;
}

/** The services behind the routes, for the CLI (roster import) and tests. */
export function createIdentityServices(deps: Pick<IdentityDeps, 'db' | 'clock' | 'revokeAccess'>): IdentityServices {
  const schools = createSchoolsRepo(deps.db);
  const ssoRepo = createSsoRepo(deps.db);
  return {
    roster: createRosterService({ repo: createRosterRepo(deps.db), schools, clock: deps.clock, revokeAccess: deps.revokeAccess }),
    sso: createSsoService({ repo: ssoRepo, schools, clock: deps.clock, revokeAccess: deps.revokeAccess, loginTaken: ssoRepo.loginExists }),
  };
}

const providersQuery = z.strictObject({
  uai: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^\d{7}[A-Z]$/, 'Le code UAI doit comporter 7 chiffres suivis d’une lettre (ex. 0691234A).')
    .optional(),
});

export interface SsoProviderView {
  id: string;
  kind: SsoProviderConfig['kind'];
  label: string;
  uais: string[];
  /** Where the "Se connecter avec l'ENT" button sends the browser. */
  loginUrl: string;
}

export async function registerIdentityRoutes(app: FastifyInstance, deps: IdentityDeps): Promise<IdentityServices> {
  const services = createIdentityServices(deps);
  const repo = createSsoRepo(deps.db);
  const sessions = createSessionOpener({ authRepo: createAuthRepo(deps.db), clock: deps.clock, sessionTtlMs: deps.sessionTtlMs });

  app.get('/api/auth/sso/providers', { config: { policy: 'public' } }, async (request): Promise<SsoProviderView[]> => {
    const { uai } = providersQuery.parse(request.query);
    return deps.providers
      .filter((p) => uai === undefined || p.uais.includes(uai))
      .map((p) => ({ id: p.id, kind: p.kind, label: p.label, uais: p.uais, loginUrl: `/api/auth/${p.kind}/${p.id}/login` }));
  });

  registerRosterRoutes(app, services.roster);

  const ssoDeps = { providers: deps.providers, sso: services.sso, repo, sessions, clock: deps.clock, publicUrl: deps.publicUrl, sessionTtlMs: deps.sessionTtlMs };
  // CAS single logout arrives as an HTML form post: parsed here only, the rest of the API stays JSON.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    registerCasRoutes(scope, ssoDeps);
  });
  registerOidcRoutes(app, ssoDeps);
  // The SAML response arrives as a form post too; signed assertions with certificates need more room.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    registerSamlRoutes(scope, ssoDeps);
  });
  return services;
}
