// Sign-in with local passwords, server-side sessions, login throttling and the one-time set-up link.
import type { Role } from '../../../shared/roles.ts';
import type { Clock } from '../../clock.ts';
import { HttpError } from '../../http/errors.ts';
import type { Actor } from '../../policies/policies.ts';
import type { UsersRepo } from '../users/users.repo.ts';
import type { UsersService } from '../users/users.service.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { AuthRepo } from './auth.repo.ts';
import { verifyPassword } from './passwords.ts';
import { hashToken, newToken } from './tokens.ts';

export interface SessionUser extends Actor {
  login: string;
  displayName: string;
}

/** Limits from ANSSI-style guidance: lock an account briefly after a few failures, and an address after many. */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  accountFailures: 5,
  ipFailures: 50,
};

const SESSION_TOUCH_INTERVAL_MS = 60_000;
const SETUP_TOKEN_TTL_MS = 24 * 3600_000;
const ADMIN_ROLES: Role[] = ['school-admin', 'academie-admin'];

export interface AuthServiceDeps {
  repo: AuthRepo;
  users: UsersRepo;
  usersService: UsersService;
  clock: Clock;
  sessionTtlMs: number;
  audit: AuditLog;
  /** The school setting `pupil-passwords`: false when its pupils sign in through the ENT only. */
  pupilPasswordsAllowed?: (schoolId: string) => Promise<boolean>;
}

export function createAuthService({ repo, users, usersService, clock, sessionTtlMs, audit, pupilPasswordsAllowed }: AuthServiceDeps) {
  function tooMany(lockedUntil: number): HttpError {
    const seconds = Math.max(1, Math.ceil((lockedUntil - clock.now()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    return new HttpError(429, 'too_many_attempts', `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`, {
      'Retry-After': String(seconds),
    });
  }

  async function recordFailure(key: string, limit: number): Promise<void> {
    const now = clock.now();
    const row = await repo.findThrottle(key);
    const fresh = !row || now - row.window_started_at > THROTTLE.windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    await repo.saveThrottle({
      key,
      failures,
      window_started_at: fresh ? now : row.window_started_at,
      locked_until: failures >= limit ? now + THROTTLE.lockMs : null,
    });
  }

  async function assertNotLocked(key: string): Promise<void> {
    const row = await repo.findThrottle(key);
    if (row?.locked_until != null && row.locked_until > clock.now()) throw tooMany(row.locked_until);
  }

  return {
    async login(loginInput: string, password: string, ip: string): Promise<{ token: string; userId: string }> {
      const login = loginInput.trim().toLowerCase();
      const accountKey = `account:${login}`;
      const ipKey = `ip:${ip}`;
      await assertNotLocked(ipKey);
      await assertNotLocked(accountKey);
      const user = await users.findByLogin(login);
      const ok = await verifyPassword(user?.password_hash ?? null, password);
      if (!user || !ok || user.disabled_at !== null) {
        await recordFailure(accountKey, THROTTLE.accountFailures);
        await recordFailure(ipKey, THROTTLE.ipFailures);
        await audit.record({
          actor: 'anonymous',
          action: 'login.failure',
          schoolId: user?.school_id ?? null,
          subjectId: user?.id ?? null,
          details: { ip, reason: user && ok ? 'disabled' : 'bad_credentials' },
        });
        // Same message whatever failed, so logins cannot be probed.
        throw new HttpError(401, 'bad_credentials', 'Identifiant ou mot de passe incorrect.');
      }
      // Said only to whoever knows the password: nobody learns this way which logins are pupils of such a school.
      if (user.role === 'pupil' && user.school_id !== null && pupilPasswordsAllowed && !(await pupilPasswordsAllowed(user.school_id))) {
        await audit.record({ actor: 'anonymous', action: 'login.failure', schoolId: user.school_id, subjectId: user.id, details: { ip, reason: 'sso_only' } });
        throw new HttpError(
          403,
          'sso_only',
          'Dans ton établissement, les élèves se connectent uniquement par l’ENT : utilise le bouton « Se connecter avec l’ENT » au-dessus du formulaire.',
        );
      }
      await repo.clearThrottle(accountKey);
      const token = newToken();
      const now = clock.now();
      await repo.insertSession({ token_hash: hashToken(token), user_id: user.id, created_at: now, expires_at: now + sessionTtlMs });
      await audit.record({ actor: { id: user.id, role: user.role, schoolId: user.school_id }, action: 'login.success', target: { type: 'user', id: user.id }, details: { ip } });
      return { token, userId: user.id };
    },

    /** The signed-in person behind a session cookie, or null (unknown, expired, revoked, disabled). */
    async authenticate(token: string | undefined): Promise<SessionUser | null> {
      if (!token || token.length > 200) return null;
      const tokenHash = hashToken(token);
      const now = clock.now();
      const rows = await repo.findActiveSession(tokenHash, now);
      const row = rows[0];
      if (!row) return null;
      // Write at most once a minute per session: a read-mostly hot path.
      if (now - row.last_seen_at > SESSION_TOUCH_INTERVAL_MS) await repo.touchSession(tokenHash, now);
      const classIds = row.role === 'pupil' || row.role === 'teacher' ? rows.flatMap((r) => (r.classId === null ? [] : [r.classId])) : [];
      return { id: row.userId, role: row.role, schoolId: row.schoolId, classIds, login: row.login, displayName: row.displayName };
    },

    async logout(token: string | undefined): Promise<void> {
      if (token) await repo.revokeSession(hashToken(token), clock.now());
    },

    revokeUserSessions: (userId: string) => repo.revokeUserSessions(userId, clock.now()).then(() => undefined),

    /** A one-time link to create the first administrator, only while there is none. */
    async createSetupTokenIfNoAdmin(): Promise<string | null> {
      if ((await users.countByRole(ADMIN_ROLES)) > 0) return null;
      const token = newToken();
      const now = clock.now();
      await repo.invalidateSetupTokens(now);
      await repo.insertSetupToken({ token_hash: hashToken(token), created_at: now, expires_at: now + SETUP_TOKEN_TTL_MS });
      return token;
    },

    async completeSetup(input: { token: string; login: string; displayName: string; password: string }): Promise<void> {
      if ((await users.countByRole(ADMIN_ROLES)) > 0 || !(await repo.consumeSetupToken(hashToken(input.token), clock.now()))) {
        throw new HttpError(410, 'setup_link_invalid', 'Ce lien d’installation n’est plus valable. Créez un administrateur avec `tuteur users add`.');
      }
      await usersService.create('cli', { login: input.login, displayName: input.displayName, role: 'school-admin', password: input.password });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
