// Roster imports: who may import into which school, the preview, and the import itself (refused whole
// while the file has errors). Accounts whose role or class changes, and those who left, lose their open
// sessions and answers at once.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize, type Caller } from '../../policies/authorize.ts';
import type { SchoolsRepo } from '../schools/schools.repo.ts';
import { loginBase, planRoster, type RosterPlan } from './roster.plan.ts';
import { decodeRosterBytes, parseRoster, type ParsedRoster, type RosterEncoding, type RosterIssue } from './roster.csv.ts';
import type { RosterRepo } from './roster.repo.ts';

export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;

export type RosterSource = { text: string } | { bytes: Uint8Array };

export interface RosterOptions {
  /** The file lists part of the school only: nobody is marked as having left. */
  partial?: boolean;
  /** Progress of the writing step (the CLI draws a bar from it). */
  onProgress?: (done: number, total: number) => void;
}

export interface RosterPreview {
  school: { id: string; uai: string; name: string };
  encoding: RosterEncoding | 'text';
  separator: string;
  rows: number;
  classesToCreate: { name: string; level: string }[];
  create: { line: number; login: string; displayName: string; role: string; classes: string[] }[];
  update: { line: number; login: string; displayName: string; changes: string[] }[];
  leave: { login: string; displayName: string; role: string }[];
  unchanged: number;
  skipped: RosterIssue[];
  errors: RosterIssue[];
  unusedColumns: string[];
}

export interface RosterResult {
  applied: boolean;
  preview: RosterPreview;
}

export interface RosterServiceDeps {
  repo: RosterRepo;
  schools: SchoolsRepo;
  clock: Clock;
  /** Ends every session and running answer of a person (the same as disabling does). */
  revokeAccess: (userId: string) => Promise<void>;
}

export function createRosterService({ repo, schools, clock, revokeAccess }: RosterServiceDeps) {
  async function loadSchool(caller: Caller, schoolId: string) {
    const school = await schools.findById(schoolId);
    if (!school) throw notFound('Établissement introuvable.');
    authorize(caller, 'roster:import', { kind: 'school', id: school.id });
    return school;
  }

  function read(source: RosterSource): ParsedRoster {
    const size = 'bytes' in source ? source.bytes.byteLength : Buffer.byteLength(source.text, 'utf8');
    if (size > MAX_ROSTER_BYTES) throw new HttpError(413, 'roster_too_large', 'Le fichier dépasse 5 Mo : découpez-le (par exemple par niveau) et utilisez l’import partiel.');
    if ('bytes' in source) {
      const { text, encoding } = decodeRosterBytes(source.bytes);
      return parseRoster(text, { encoding });
    }
    return parseRoster(source.text);
  }

  async function plan(schoolId: string, roster: ParsedRoster, partial: boolean): Promise<RosterPlan> {
    const [classes, accounts] = await Promise.all([repo.classesOf(schoolId), repo.accountsOf(schoolId)]);
    const known = new Set(accounts.map((a) => a.externalId));
    const candidates = roster.people.filter((p) => !known.has(p.externalId)).map((p) => p.login ?? loginBase(p.firstName, p.lastName));
    const takenLogins = await repo.takenLogins(candidates);
    return planRoster({ roster, classes, accounts, takenLogins, partial, newId: randomUUID });
  }

  function describe(school: { id: string; uai: string; name: string }, roster: ParsedRoster, result: RosterPlan): RosterPreview {
    const people = new Map(roster.people.map((p) => [p.externalId, p]));
    const roleFr = (role: string) => (role === 'pupil' ? 'élève' : role === 'teacher' ? 'enseignant' : role);
    return {
      school: { id: school.id, uai: school.uai, name: school.name },
      encoding: roster.encoding,
      separator: roster.separator === '\t' ? 'tabulation' : roster.separator,
      rows: roster.rowCount,
      classesToCreate: result.classesToCreate.map((c) => ({ name: c.name, level: c.level })),
      create: result.create.map((c) => ({
        line: c.line,
        login: c.login,
        displayName: c.displayName,
        role: roleFr(c.role),
        classes: people.get(c.externalId)?.classes.map((k) => k.name) ?? [],
      })),
      update: result.update.map((u) => ({ line: u.line, login: u.login, displayName: u.displayName, changes: u.changes })),
      leave: result.leave.map((l) => ({ login: l.login, displayName: l.displayName, role: roleFr(l.role) })),
      unchanged: result.unchanged,
      skipped: roster.skipped,
      errors: [...roster.errors, ...result.errors].sort((a, b) => a.line - b.line),
      unusedColumns: roster.unusedColumns,
    };
  }

  return {
    async preview(caller: Caller, schoolId: string, source: RosterSource, options: RosterOptions = {}): Promise<RosterPreview> {
      const school = await loadSchool(caller, schoolId);
      const roster = read(source);
      return describe(school, roster, await plan(school.id, roster, options.partial ?? false));
    },

    async import(caller: Caller, schoolId: string, source: RosterSource, options: RosterOptions = {}): Promise<RosterResult> {
      const school = await loadSchool(caller, schoolId);
      const roster = read(source);
      const result = await plan(school.id, roster, options.partial ?? false);
      const preview = describe(school, roster, result);
      if (preview.errors.length > 0) return { applied: false, preview };
      await repo.apply(school.id, result, clock.now(), options.onProgress);
      for (const id of [...result.update.filter((u) => u.accessChanges).map((u) => u.id), ...result.leave.map((l) => l.id)]) {
        await revokeAccess(id);
      }
      return { applied: true, preview };
    },

    /** The school an admin names by UAI on the command line. */
    async schoolIdByUai(uai: string): Promise<string> {
      const school = await schools.findByUai(uai.trim().toUpperCase());
      if (!school) throw new HttpError(404, 'unknown_school', `Aucun établissement avec l’UAI ${uai}.`);
      return school.id;
    },
  };
}

export type RosterService = ReturnType<typeof createRosterService>;
