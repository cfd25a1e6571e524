// Who a provider's attributes make a person in Tuteur: the school (only UAIs the provider may sign in
// for), the role (only the profiles allowed), the classes. Accounts are made at first sign-in and brought
// in line with the attributes at every sign-in; a person whose attributes no longer give access loses
// every open session at once.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../../shared/roles.ts';
import type { Clock } from '../../clock.ts';
import { HttpError } from '../../http/errors.ts';
import type { SchoolsRepo } from '../schools/schools.repo.ts';
import { guessLevel } from '../roster/roster.csv.ts';
import { loginBase } from '../roster/roster.plan.ts';
import type { SsoProviderConfig, SsoRole } from './sso.config.ts';
import type { SsoRepo } from './sso.repo.ts';

/** What a provider says about a person, attribute names already resolved by the provider's mapping. */
export interface SsoIdentity {
  subject: string;
  uais: string[];
  classes: string[];
  profiles: string[];
  firstName: string | undefined;
  lastName: string | undefined;
  displayName: string | undefined;
}

/** A refused sign-in, with the French message shown to the person. */
export class SsoRefusal extends HttpError {
  constructor(code: string, message: string) {
    super(403, code, message);
    this.name = 'SsoRefusal';
  }
}

export interface SsoServiceDeps {
  repo: SsoRepo;
  schools: SchoolsRepo;
  clock: Clock;
  revokeAccess: (userId: string) => Promise<void>;
  loginTaken: (login: string) => Promise<boolean>;
}

const UAI_IN_TEXT = /\d{7}[A-Z]/g;
// When several profiles map to allowed roles, the one with the most duties wins.
const ROLE_PRIORITY: readonly SsoRole[] = ['school-admin', 'dpo', 'teacher', 'pupil'];
const ROLES_WITH_CLASSES: readonly Role[] = ['pupil', 'teacher'];

const clean = (value: string) => value.replace(/\s+/g, ' ').trim();

/** Values of the first attribute names that are present, in order. */
export function attributeValues(attributes: Record<string, string[]>, names: readonly string[]): string[] {
  return names.flatMap((name) => attributes[name] ?? []);
}

export function roleFromProfiles(provider: SsoProviderConfig, profiles: string[]): SsoRole | undefined {
  const mapped = new Set<SsoRole>();
  for (const profile of profiles) {
    for (const [code, role] of Object.entries(provider.profileMap)) {
      // Values come as "National_ELV" or inside a longer string ("cn=National_ELV,ou=…").
      if (profile === code || profile.includes(code)) mapped.add(role);
    }
  }
  return ROLE_PRIORITY.find((role) => mapped.has(role) && provider.roles.includes(role));
}

/** Class names from ENT values: "2NDE B", or "<structure>$2NDE B" (kept only when the structure is this school or not a UAI). */
export function classNamesFor(values: string[], schoolUai: string): string[] {
  const names: string[] = [];
  for (const value of values) {
    const parts = value.split('$');
    if (parts.length > 1) {
      const structure = parts[0]?.match(/\d{7}[A-Z]/)?.[0];
      if (structure !== undefined && structure !== schoolUai) continue;
    }
    const name = clean(parts[parts.length - 1] ?? '');
    if (name && name.length <= 60 && !names.includes(name)) names.push(name);
  }
  return names;
}

export function createSsoService({ repo, schools, clock, revokeAccess, loginTaken }: SsoServiceDeps) {
  async function refuse(linkedUserId: string | undefined, code: string, message: string): Promise<never> {
    if (linkedUserId) await revokeAccess(linkedUserId);
    throw new SsoRefusal(code, message);
  }

  async function resolveClasses(schoolId: string, schoolUai: string, role: Role, values: string[]): Promise<string[]> {
    if (!ROLES_WITH_CLASSES.includes(role)) return [];
    const wanted = classNamesFor(values, schoolUai);
    const existing = await repo.classesOf(schoolId);
    const ids: string[] = [];
    for (const name of wanted) {
      let id = existing.find((c) => c.name.toLowerCase() === name.toLowerCase())?.id;
      const level = guessLevel(name);
      if (!id && level) {
        // A class the ENT knows and Tuteur not yet: made as a roster import would.
        id = randomUUID();
        await repo.insertClass({ id, school_id: schoolId, name, level, created_at: clock.now() });
        existing.push({ id, name, level });
      }
      if (id) ids.push(id);
      // A pupil belongs to one class: the first one the ENT lists.
      if (role === 'pupil' && ids.length === 1) break;
    }
    return ids;
  }

  async function newLogin(identity: SsoIdentity): Promise<string> {
    const base =
      identity.firstName || identity.lastName
        ? loginBase(identity.firstName ?? '', identity.lastName ?? '')
        : `ent.${identity.subject.toLowerCase().replace(/[^a-z0-9._-]/g, '')}`.slice(0, 56);
    let login = base.length >= 2 ? base : 'compte';
    for (let n = 2; await loginTaken(login); n += 1) login = `${base}${n}`;
    return login;
  }

  return {
    /**
     * The account this identity signs in as, made or updated from the attributes; throws SsoRefusal
     * (after ending the sessions of an account that lost its access).
     */
    async signIn(provider: SsoProviderConfig, identity: SsoIdentity): Promise<{ userId: string; created: boolean }> {
      const now = clock.now();
      const linkedId = await repo.findLinkedUserId(provider.id, identity.subject);

      const role = roleFromProfiles(provider, identity.profiles);
      if (!role) {
        const shown = identity.profiles.length ? ` (${identity.profiles.join(', ').slice(0, 100)})` : '';
        return refuse(linkedId, 'sso_profile_refused', `Votre profil ENT${shown} ne donne pas accès à Tuteur dans votre établissement.`);
      }

      const attributeUais = [...new Set(identity.uais.flatMap((v) => v.toUpperCase().match(UAI_IN_TEXT) ?? []))];
      const allowed = attributeUais.filter((uai) => provider.uais.includes(uai));
      if (allowed.length === 0) {
        const shown = attributeUais.length ? ` (UAI ${attributeUais.join(', ')})` : '';
        return refuse(linkedId, 'sso_school_refused', `Votre établissement${shown} n’est pas ouvert à Tuteur par « ${provider.label} ».`);
      }
      let school: Awaited<ReturnType<SchoolsRepo['findByUai']>>;
      for (const uai of allowed) {
        school = await schools.findByUai(uai);
        if (school) break;
      }
      if (!school) {
        return refuse(linkedId, 'sso_school_missing', `L’établissement ${allowed.join(', ')} n’a pas encore été créé dans Tuteur : prévenez son administrateur.`);
      }

      const displayName = clean(
        identity.displayName ?? ([identity.firstName, identity.lastName].filter(Boolean).join(' ') || identity.subject),
      ).slice(0, 120);
      const classIds = await resolveClasses(school.id, school.uai, role, identity.classes);
      // CAS subjects are ENT ids: they match accounts a roster import made from the same ENT's export.
      const externalId = provider.kind === 'cas' ? `ent:${identity.subject}`.slice(0, 128) : null;

      let account = linkedId ? await repo.findAccount(linkedId) : undefined;
      if (!account && externalId) {
        account = await repo.findAccountByExternalId(school.id, externalId);
        if (account) await repo.link(provider.id, identity.subject, account.id, now);
      }

      if (!account) {
        if (!provider.createAccounts) {
          return refuse(undefined, 'sso_no_account', 'Aucun compte Tuteur ne correspond à votre compte ENT : demandez à l’administration de votre établissement.');
        }
        const id = randomUUID();
        await repo.createAccount(
          { id, login: await newLogin(identity), display_name: displayName, role, school_id: school.id, external_id: externalId, created_at: now },
          classIds,
          { providerId: provider.id, subject: identity.subject },
        );
        return { userId: id, created: true };
      }

      if (account.role === 'academie-admin') {
        return refuse(undefined, 'sso_role_refused', 'Les comptes d’administration académique se connectent avec leur mot de passe Tuteur.');
      }
      if (account.disabledAt !== null) {
        return refuse(account.id, 'sso_disabled', 'Votre compte Tuteur est désactivé : adressez-vous à l’administration de votre établissement.');
      }
      const sameClasses = [...account.classIds].sort().join('|') === [...classIds].sort().join('|');
      const accessChanges = account.role !== role || account.schoolId !== school.id || !sameClasses;
      if (accessChanges || account.displayName !== displayName) {
        await repo.updateAccount(account.id, { role, schoolId: school.id, displayName, classIds });
      }
      // What the person could see changed: sessions opened under the old role or classes end now.
      if (accessChanges) await revokeAccess(account.id);
      await repo.link(provider.id, identity.subject, account.id, now);
      return { userId: account.id, created: false };
    },
  };
}

export type SsoService = ReturnType<typeof createSsoService>;
