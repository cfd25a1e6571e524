// Reads the CSV exports schools already have (ENT account exports, Pronote and SIECLE-style class lists)
// into people with line numbers, or line-numbered French errors. Pure: no database, no clock.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { LEVELS, type Level } from '../../../shared/roles.ts';

export type RosterRole = 'pupil' | 'teacher';
export type RosterEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252';

export interface RosterClassRef {
  name: string;
  /** From a Niveau column, else guessed from the name; undefined when neither says. */
  level: Level | undefined;
}

export interface RosterPerson {
  /** First line of the person in the file (1 = header line). */
  line: number;
  /** `ent:<id>` from an identifier column, else `key:<hash of names and birth date>`. */
  externalId: string;
  firstName: string;
  lastName: string;
  displayName: string;
  role: RosterRole;
  classes: RosterClassRef[];
  /** Wanted login (Login column); otherwise one is made from the names. */
  login: string | undefined;
}

export interface RosterIssue {
  line: number;
  message: string;
}

export interface ParsedRoster {
  encoding: RosterEncoding | 'text';
  separator: ';' | ',' | '\t';
  /** Data lines read (header excluded, blank lines excluded). */
  rowCount: number;
  people: RosterPerson[];
  errors: RosterIssue[];
  /** Lines skipped on purpose (parents, staff without a role here). */
  skipped: RosterIssue[];
  /** Header names of columns read but never stored (birth date is only used to tell homonyms apart). */
  unusedColumns: string[];
  /** `ent` when the file has an identifier column: decides which accounts an absence can mark as left. */
  idScheme: 'ent' | 'key';
}

/** Bytes of an uploaded file to text: UTF-8 with or without BOM, UTF-16LE with BOM (Excel), else Windows-1252. */
export function decodeRosterBytes(bytes: Uint8Array): { text: string; encoding: RosterEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  try {
    // A Windows-1252 file with accents is almost never valid UTF-8, so a strict decode tells them apart.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'windows-1252'), encoding: 'windows-1252' };
  }
}

/** Lower case, no accents, letters and digits only: how headers and codes are compared. */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

type Field = 'lastName' | 'firstName' | 'className' | 'level' | 'externalId' | 'login' | 'role' | 'birthDate' | 'ine';

// Header spellings seen in ENT, Pronote and SIECLE exports, folded. The docs (docs/identite.md) list them.
const HEADERS: Record<Field, readonly string[]> = {
  lastName: ['nom', 'nomdefamille', 'nomdusage', 'nomusage', 'nomeleve', 'lastname', 'sn'],
  firstName: ['prenom', 'prenomusuel', 'prenom1', 'prenomeleve', 'firstname', 'givenname'],
  className: ['classe', 'classes', 'division', 'divisions', 'codedivision', 'entclasse', 'entpersonclasses'],
  level: ['niveau'],
  externalId: ['identifiant', 'identifiantent', 'ident', 'uid', 'entpersonidentifiant', 'id', 'eleveid'],
  login: ['login', 'loginent', 'identifiantdeconnexion'],
  role: ['profil', 'profils', 'role', 'type', 'categorie', 'fonction', 'entpersonprofils'],
  birthDate: ['datedenaissance', 'datenaissance', 'datenaiss', 'neele', 'nele', 'nee'],
  ine: ['ine', 'numeroine', 'numeronational', 'ineeleve'],
};

const PUPIL_VALUES = new Set(['eleve', 'eleves', 'elv', 'nationalelv', 'student', 'pupil']);
const TEACHER_VALUES = new Set(['enseignant', 'enseignante', 'enseignants', 'professeur', 'professeure', 'prof', 'ens', 'nationalens', 'teacher', 'documentaliste', 'nationaldoc']);
const SKIPPED_VALUES = new Set(['parent', 'parents', 'responsable', 'responsablelegal', 'tuteur', 'nationaltut', 'personnel', 'nationalevs', 'nationaleta', 'nationalcol', 'nationaldir', 'direction', 'viescolaire']);

const LEVEL_WORDS: readonly [RegExp, Level][] = [
  [/^(6|sixieme)/, '6e'],
  [/^(5|cinquieme)/, '5e'],
  [/^(4|quatrieme)/, '4e'],
  [/^(3|troisieme)/, '3e'],
  [/^(2|seconde)/, '2nde'],
  [/^(1|premiere)/, '1re'],
  [/^(t|term)/, 'terminale'],
];

/** The level of a class from its usual name: "6E3" → 6e, "2NDE B" → 2nde, "1G2" → 1re, "TSTMG" → terminale. */
export function guessLevel(className: string): Level | undefined {
  const folded = fold(className);
  return LEVEL_WORDS.find(([pattern]) => pattern.test(folded))?.[1];
}

function parseLevelCell(value: string): Level | undefined {
  const folded = fold(value);
  const exact = LEVELS.find((level) => fold(level) === folded);
  return exact ?? guessLevel(value);
}

function detectSeparator(text: string): ';' | ',' | '\t' | undefined {
  const header = text.split(/\r?\n/).find((line) => line.trim().length > 0) ?? '';
  const unquoted = header.replace(/"[^"]*"/g, '');
  const counts = ([';', ',', '\t'] as const).map((sep) => [sep, unquoted.split(sep).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : undefined;
}

const clean = (value: string | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();

function hashKey(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

const MAX_FIELD = 120;
const MAX_CLASS_NAME = 60;
const MAX_ID = 120;

function csvErrorFr(error: unknown): RosterIssue {
  const e = error as { code?: string; lines?: number };
  const line = e.lines ?? 0;
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return { line, message: `ligne ${line} : guillemet ouvert jamais refermé.` };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { line, message: `ligne ${line} : guillemet mal placé dans un champ.` };
    default:
      return { line, message: `ligne ${line} : le fichier n’est pas un CSV lisible.` };
  }
}

export interface ParseOptions {
  /** How the text was obtained, reported in the preview. */
  encoding?: RosterEncoding | 'text';
}

/** Parses a roster. Never throws for bad content: problems come back as line-numbered errors. */
export function parseRoster(text: string, options: ParseOptions = {}): ParsedRoster {
  const result: ParsedRoster = {
    encoding: options.encoding ?? 'text',
    separator: ';',
    rowCount: 0,
    people: [],
    errors: [],
    skipped: [],
    unusedColumns: [],
    idScheme: 'key',
  };
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const separator = detectSeparator(body);
  if (separator === undefined) {
    result.errors.push({ line: 1, message: 'ligne 1 : en-tête introuvable ou sans séparateur (« ; » ou « , ») : le fichier doit avoir une ligne de titres de colonnes.' });
    return result;
  }
  result.separator = separator;

  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse returns { record, info } objects; its types only know plain rows.
    records = parse(body, { delimiter: separator, info: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false, trim: true }) as unknown as typeof records;
  } catch (error) {
    result.errors.push(csvErrorFr(error));
    return result;
  }
  const [header, ...rows] = records;
  if (!header) {
    result.errors.push({ line: 1, message: 'ligne 1 : le fichier est vide.' });
    return result;
  }

  const columns = new Map<Field, number>();
  header.record.forEach((name, index) => {
    const folded = fold(name);
    for (const [field, names] of Object.entries(HEADERS) as [Field, readonly string[]][]) {
      if (names.includes(folded) && !columns.has(field)) columns.set(field, index);
    }
  });
  for (const field of ['birthDate', 'ine'] as const) {
    const index = columns.get(field);
    if (index !== undefined) result.unusedColumns.push(header.record[index] ?? '');
  }
  const missing = (['lastName', 'firstName'] as const).filter((f) => !columns.has(f));
  if (missing.length > 0) {
    const names = missing.map((f) => (f === 'lastName' ? '« Nom »' : '« Prénom »')).join(' et ');
    result.errors.push({ line: 1, message: `ligne 1 : colonne ${names} introuvable. Colonnes lues : ${header.record.join(', ')}.` });
    return result;
  }
  result.idScheme = columns.has('externalId') ? 'ent' : 'key';

  const cell = (record: string[], field: Field) => {
    const index = columns.get(field);
    return index === undefined ? '' : clean(record[index]);
  };
  const byId = new Map<string, RosterPerson>();

  for (const { record, info } of rows) {
    const line = info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    result.rowCount += 1;
    const problems: string[] = [];

    const roleCell = cell(record, 'role');
    let role: RosterRole = 'pupil';
    if (columns.has('role')) {
      // ENT exports may list several profiles ("National_ENS,National_DOC"): the first one we know decides.
      const values = roleCell.split(/[,|]/).map(fold).filter(Boolean);
      if (values.some((v) => PUPIL_VALUES.has(v))) role = 'pupil';
      else if (values.some((v) => TEACHER_VALUES.has(v))) role = 'teacher';
      else if (values.length > 0 && values.every((v) => SKIPPED_VALUES.has(v))) {
        result.skipped.push({ line, message: `ligne ${line} : profil « ${roleCell} » ignoré (seuls les élèves et les enseignants sont importés).` });
        continue;
      } else {
        result.errors.push({ line, message: `ligne ${line} : profil « ${roleCell} » inconnu (attendu : Élève ou Enseignant).` });
        continue;
      }
    }

    const lastName = cell(record, 'lastName');
    const firstName = cell(record, 'firstName');
    if (!lastName) problems.push('le nom est vide');
    if (!firstName) problems.push('le prénom est vide');
    if (lastName.length > MAX_FIELD || firstName.length > MAX_FIELD) problems.push(`le nom ou le prénom dépasse ${MAX_FIELD} caractères`);

    const levelCell = cell(record, 'level');
    const level = levelCell ? parseLevelCell(levelCell) : undefined;
    if (levelCell && !level) problems.push(`niveau « ${levelCell} » inconnu (attendu : ${LEVELS.join(', ')})`);
    const classNames = [...new Set(cell(record, 'className').split(/[,|]/).map(clean).filter(Boolean))];
    if (classNames.some((name) => name.length > MAX_CLASS_NAME)) problems.push(`un nom de classe dépasse ${MAX_CLASS_NAME} caractères`);
    if (role === 'pupil' && classNames.length === 0) problems.push('la classe de l’élève est vide');
    if (role === 'pupil' && classNames.length > 1) problems.push(`un élève appartient à une seule classe (lu : ${classNames.join(', ')})`);
    const classes = classNames.map((name) => ({ name, level: level ?? guessLevel(name) }));

    const rawId = cell(record, 'externalId');
    if (columns.has('externalId') && !rawId) problems.push('l’identifiant est vide');
    if (rawId.length > MAX_ID) problems.push(`l’identifiant dépasse ${MAX_ID} caractères`);
    const loginCell = cell(record, 'login').toLowerCase();
    if (loginCell && !/^[a-z0-9._@-]{2,64}$/.test(loginCell)) problems.push(`login « ${loginCell} » invalide (2 à 64 lettres sans accent, chiffres, . _ @ -)`);

    if (problems.length > 0) {
      result.errors.push({ line, message: `ligne ${line} : ${problems.join(' ; ')}.` });
      continue;
    }
    const externalId = rawId ? `ent:${rawId}` : `key:${hashKey([fold(lastName), fold(firstName), cell(record, 'birthDate')])}`;
    const person: RosterPerson = {
      line,
      externalId,
      firstName,
      lastName,
      displayName: `${firstName} ${lastName}`,
      role,
      classes,
      login: loginCell || undefined,
    };

    const earlier = byId.get(externalId);
    if (!earlier) {
      byId.set(externalId, person);
      continue;
    }
    // Some exports list a teacher once per class taught: lines of one person are merged. A pupil in two
    // classes, or two people with one key, is an error the school must fix in its export.
    const sameClasses = earlier.classes.map((c) => c.name).join('|') === classes.map((c) => c.name).join('|');
    if (earlier.role === 'teacher' && role === 'teacher') {
      for (const c of classes) if (!earlier.classes.some((e) => e.name === c.name)) earlier.classes.push(c);
    } else if (!(earlier.role === role && sameClasses)) {
      const hint = rawId ? 'même identifiant' : 'même nom et prénom ; ajoutez une colonne Identifiant ou Date de naissance pour les distinguer';
      result.errors.push({ line, message: `ligne ${line} : personne déjà présente ligne ${earlier.line} (${hint}).` });
    }
  }
  result.people = [...byId.values()];
  return result;
}
