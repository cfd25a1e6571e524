// Compares a parsed roster with what the school already has and says what an import would do: classes
// and accounts to create, accounts whose class, role or name changes, pupils who come back, and accounts
// absent from the file that are marked as having left. Pure: the service loads the state and applies it.
import type { Level, Role } from '../../../shared/roles.ts';
import type { ParsedRoster, RosterIssue, RosterPerson, RosterRole } from './roster.csv.ts';

export interface ExistingClass {
  id: string;
  name: string;
  level: Level;
}

export interface ExistingAccount {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  externalId: string;
  leftAt: number | null;
  disabledAt: number | null;
  classIds: string[];
}

export interface PlannedClass {
  /** Known before applying, so new accounts can be placed in new classes in the same transaction. */
  id: string;
  name: string;
  level: Level;
}

export interface PlannedCreate {
  line: number;
  id: string;
  externalId: string;
  login: string;
  displayName: string;
  role: RosterRole;
  classIds: string[];
}

export interface PlannedUpdate {
  line: number;
  id: string;
  login: string;
  displayName: string;
  role: RosterRole;
  classIds: string[];
  /** What changes, in French, for the preview. */
  changes: string[];
  /** Came back after having left: clear left_at (and the disable that the departure set). */
  returns: boolean;
  /** Role or classes change: the person's sessions and streams end at once. */
  accessChanges: boolean;
}

export interface PlannedLeave {
  id: string;
  login: string;
  displayName: string;
  role: Role;
}

export interface RosterPlan {
  classesToCreate: PlannedClass[];
  create: PlannedCreate[];
  update: PlannedUpdate[];
  leave: PlannedLeave[];
  unchanged: number;
  errors: RosterIssue[];
}

export interface PlanInput {
  roster: ParsedRoster;
  classes: ExistingClass[];
  /** Accounts of the school that have an external id. */
  accounts: ExistingAccount[];
  /** Logins already used anywhere in the installation (among those the roster could want). */
  takenLogins: ReadonlySet<string>;
  /** A file listing part of the school only (one class): nobody is marked as having left. */
  partial: boolean;
  newId: () => string;
}

const ROLE_FR: Record<RosterRole, string> = { pupil: 'élève', teacher: 'enseignant' };

/** `prenom.nom` in lower-case ASCII, the base of a generated login. */
export function loginBase(firstName: string, lastName: string): string {
  const part = (value: string) =>
    value
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[\s'’]+/g, '-')
      .replace(/[^a-z0-9-]/g, '')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '');
  const base = [part(firstName), part(lastName)].filter(Boolean).join('.').slice(0, 56).replace(/[.-]$/, '');
  return base.length >= 2 ? base : 'compte';
}

export function planRoster(input: PlanInput): RosterPlan {
  const { roster, partial, newId } = input;
  const plan: RosterPlan = { classesToCreate: [], create: [], update: [], leave: [], unchanged: 0, errors: [] };
  const classByName = new Map(input.classes.map((c) => [c.name.toLowerCase(), c]));
  const classNameById = new Map(input.classes.map((c) => [c.id, c.name]));
  const accountByExternal = new Map(input.accounts.map((a) => [a.externalId, a]));
  const usedLogins = new Set(input.takenLogins);

  function classIdsOf(person: RosterPerson): string[] | undefined {
    const ids: string[] = [];
    for (const ref of person.classes) {
      const key = ref.name.toLowerCase();
      let known: { id: string; name: string } | undefined = classByName.get(key);
      if (!known) {
        if (!ref.level) {
          plan.errors.push({
            line: person.line,
            message: `ligne ${person.line} : niveau de la nouvelle classe « ${ref.name} » introuvable ; ajoutez une colonne Niveau (6e … terminale).`,
          });
          return undefined;
        }
        const created: PlannedClass = { id: newId(), name: ref.name, level: ref.level };
        plan.classesToCreate.push(created);
        classByName.set(key, { ...created });
        classNameById.set(created.id, created.name);
        known = created;
      }
      ids.push(known.id);
    }
    return ids;
  }

  function allocateLogin(person: RosterPerson): string | undefined {
    if (person.login) {
      if (usedLogins.has(person.login)) {
        plan.errors.push({ line: person.line, message: `ligne ${person.line} : le login « ${person.login} » est déjà utilisé par un autre compte.` });
        return undefined;
      }
      usedLogins.add(person.login);
      return person.login;
    }
    const base = loginBase(person.firstName, person.lastName);
    let login = base;
    for (let n = 2; usedLogins.has(login); n += 1) login = `${base}${n}`;
    usedLogins.add(login);
    return login;
  }

  const seen = new Set<string>();
  for (const person of roster.people) {
    seen.add(person.externalId);
    const existing = accountByExternal.get(person.externalId);
    if (existing && existing.role !== 'pupil' && existing.role !== 'teacher') {
      plan.errors.push({
        line: person.line,
        message: `ligne ${person.line} : ${existing.login} est un compte d’administration ou de DPD ; un import ne le modifie pas.`,
      });
      continue;
    }
    const classIds = classIdsOf(person);
    if (!classIds) continue;
    if (!existing) {
      const login = allocateLogin(person);
      if (!login) continue;
      plan.create.push({
        line: person.line,
        id: newId(),
        externalId: person.externalId,
        login,
        displayName: person.displayName,
        role: person.role,
        classIds,
      });
      continue;
    }
    const changes: string[] = [];
    const returns = existing.leftAt !== null;
    if (returns) changes.push('revient dans l’établissement');
    if (existing.role !== person.role) changes.push(`profil : ${ROLE_FR[existing.role as RosterRole]} → ${ROLE_FR[person.role]}`);
    const before = [...existing.classIds].sort();
    const after = [...classIds].sort();
    const classesChange = before.join('|') !== after.join('|');
    if (classesChange) {
      const names = (ids: string[]) => ids.map((id) => classNameById.get(id) ?? '?').join(', ') || 'aucune';
      changes.push(`classe : ${names(existing.classIds)} → ${names(classIds)}`);
    }
    if (existing.displayName !== person.displayName) changes.push(`nom : ${existing.displayName} → ${person.displayName}`);
    if (changes.length === 0) {
      plan.unchanged += 1;
      continue;
    }
    plan.update.push({
      line: person.line,
      id: existing.id,
      login: existing.login,
      displayName: person.displayName,
      role: person.role,
      classIds,
      changes,
      returns,
      accessChanges: existing.role !== person.role || classesChange,
    });
  }

  if (!partial) {
    // Only accounts this kind of file could have listed: the roles it contains, and ids of its scheme
    // (a file without ENT ids knows nothing of accounts the ENT created).
    const roles = new Set(roster.people.map((p) => p.role));
    for (const account of input.accounts) {
      if (seen.has(account.externalId) || account.leftAt !== null) continue;
      if (!roles.has(account.role as RosterRole) || !account.externalId.startsWith(`${roster.idScheme}:`)) continue;
      plan.leave.push({ id: account.id, login: account.login, displayName: account.displayName, role: account.role });
    }
  }
  return plan;
}
