// Password reset by an administrator only (pupils have no e-mail): the admin makes a one-time link for an
// account it manages and hands it over; the person opens it and chooses a new password under the policy.
// Every session of the person ends when the password changes.
import type { PasswordResetInfo, PasswordResetLink } from '../../../shared/api.ts';
import { passwordProblem } from '../../../shared/password-policy.ts';
import type { Clock } from '../../clock.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize, type Caller } from '../../policies/authorize.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { hashPassword } from './passwords.ts';
import type { PasswordResetRepo } from './password-reset.repo.ts';
import { hashToken, newToken } from './tokens.ts';

/** Long enough to reach a pupil between two lessons and a weekend, short enough not to linger. */
export const RESET_LINK_TTL_MS = 72 * 3600_000;

export interface PasswordResetDeps {
  repo: PasswordResetRepo;
  clock: Clock;
  audit: AuditLog;
  /** Ends the person's sessions and running answers. */
  revokeAccess: (userId: string) => Promise<void>;
  /** The school setting `pupil-passwords`. */
  pupilPasswordsAllowed: (schoolId: string) => Promise<boolean>;
}

const linkGone = () =>
  new HttpError(410, 'reset_link_invalid', 'Ce lien de réinitialisation n’est plus valable (déjà utilisé, remplacé par un plus récent ou expiré). Demandez-en un nouveau à l’administration.');

export function createPasswordResetService({ repo, clock, audit, revokeAccess, pupilPasswordsAllowed }: PasswordResetDeps) {
  async function valid(token: string) {
    const link = await repo.findValid(hashToken(token), clock.now());
    if (!link) throw linkGone();
    return link;
  }

  return {
    async createLink(caller: Caller, userId: string): Promise<PasswordResetLink> {
      const user = await repo.findUser(userId);
      if (!user) throw notFound('Compte introuvable.');
      authorize(caller, 'user:password-reset', { kind: 'user', id: user.id, role: user.role, schoolId: user.school_id }, true);
      if (user.disabled_at !== null) throw new HttpError(409, 'user_disabled', 'Ce compte est désactivé : réactivez-le avant de réinitialiser son mot de passe.');
      if (user.role === 'pupil' && user.school_id !== null && !(await pupilPasswordsAllowed(user.school_id))) {
        throw new HttpError(409, 'sso_only', 'Les élèves de cet établissement se connectent uniquement par l’ENT : ils n’ont pas de mot de passe Tuteur.');
      }
      const token = newToken();
      const now = clock.now();
      const expiresAt = now + RESET_LINK_TTL_MS;
      await repo.create({ token_hash: hashToken(token), user_id: user.id, created_by: caller === 'cli' ? null : caller.id, created_at: now, expires_at: expiresAt });
      await audit.record({ actor: caller, action: 'password.reset-link', schoolId: user.school_id, subjectId: user.id, target: { type: 'user', id: user.id } });
      return { path: `/reinitialisation/${token}`, login: user.login, expiresAt };
    },

    async inspect(token: string): Promise<PasswordResetInfo> {
      const link = await valid(token);
      return { login: link.login, displayName: link.displayName, expiresAt: link.expiresAt };
    },

    async reset(token: string, password: string): Promise<{ login: string }> {
      const link = await valid(token);
      const problem = passwordProblem(password, { login: link.login, displayName: link.displayName });
      if (problem) throw new HttpError(400, 'weak_password', problem);
      if (!(await repo.consume(hashToken(token), link.userId, await hashPassword(password), clock.now()))) throw linkGone();
      // Whoever held a session (or the old password) is out: the new password is the only way in.
      await revokeAccess(link.userId);
      await audit.record({
        actor: { id: link.userId, role: link.role, schoolId: link.schoolId },
        action: 'password.reset',
        schoolId: link.schoolId,
        subjectId: link.userId,
        target: { type: 'user', id: link.userId },
      });
      return { login: link.login };
    },
  };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
