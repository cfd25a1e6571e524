// The school settings a chef d'établissement can change, their defaults (the Éducation nationale framework
// for AI use, 2025) and how each value is read from text (CLI, admin UI).
import { z } from 'zod';
import { LEVELS, parseLevel, type Level } from '../../../shared/roles.ts';
import { ACTIONS, DEFAULT_ACTIONS, type ActionKey, type ModerationAction, type SchoolActions } from '../moderation/actions.ts';
import { parseHolidays, parseOpeningHours, SettingFormatError, type DateRange, type WeeklyHours } from './opening-hours.ts';

export interface SchoolSettings {
  /** Levels whose pupils cannot use the tutor on their own (a teacher can demonstrate). */
  noDirectUseLevels: Level[];
  /** Levels whose pupils use the tutor only during a live session opened by a teacher. */
  liveSessionLevels: Level[];
  /** Levels allowed to ask questions outside any assignment ("révisions libres"). */
  freeQuestionLevels: Level[];
  openingHours: WeeklyHours;
  holidays: DateRange[];
  quotaPerDay: number;
  quotaPerWeek: number;
  /** Logins of the staff who receive safety alerts (CPE, infirmière…), besides the school's admins. */
  alertStaff: string[];
  /** Addresses told by e-mail (through the school's SMTP relay) that a new alert waits, with a link only. */
  alertEmails: string[];
  /** The school's own contacts shown to a pupil in distress, e.g. "CPE : Mme Durand, bureau 12". */
  schoolContacts: string;
  /** What to do per moderation category (allow, care, block, escalate). */
  moderationActions: SchoolActions;
  /** Whether the local model may see the pupil's text before personal data is masked. */
  piiToModel: boolean;
  /**
   * Whether this school's ambiguous messages wait for the local model's second opinion, when the server offers it
   * (TUTEUR_MODERATION_LLM): a school whose model is slow may prefer the fast layers' verdict alone.
   */
  secondOpinion: boolean;
  /** Whether pupils may sign in with a Tuteur password; false: only through the school's ENT (SSO). */
  pupilPasswords: boolean;
}

interface Definition<K extends keyof SchoolSettings> {
  field: K;
  description: string;
  defaultText: string;
  parse(text: string): SchoolSettings[K];
}

function levelList(text: string): Level[] {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'aucun') return [];
  return [...new Set(trimmed.split(/[,\s]+/).filter(Boolean).map((part) => {
    const level = parseLevel(part);
    if (!level) throw new SettingFormatError(`niveau inconnu « ${part} » (utilisez ${LEVELS.join(', ')} ou « aucun »)`);
    return level;
  }))];
}

function positive(max: number) {
  return (text: string): number => {
    const value = Number(text.trim());
    if (!Number.isInteger(value) || value < 1 || value > max) throw new SettingFormatError(`nombre entier entre 1 et ${max} attendu`);
    return value;
  };
}

function loginList(text: string): string[] {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'aucun') return [];
  const logins = trimmed.split(/[,\s]+/).filter(Boolean);
  for (const login of logins) if (!/^[a-z0-9._@-]{2,64}$/.test(login)) throw new SettingFormatError(`identifiant invalide « ${login} »`);
  return [...new Set(logins)];
}

const ACTION_KEYS = Object.keys(DEFAULT_ACTIONS) as ActionKey[];

function moderationActions(text: string): SchoolActions {
  const result: SchoolActions = {};
  for (const clause of text.split(/[;,]/).map((c) => c.trim()).filter(Boolean)) {
    const [key, value] = clause.split('=').map((p) => p.trim().toLowerCase());
    if (!key || !ACTION_KEYS.includes(key as ActionKey)) throw new SettingFormatError(`catégorie inconnue « ${key ?? ''} » (${ACTION_KEYS.join(', ')})`);
    if (!value || !ACTIONS.includes(value as ModerationAction)) throw new SettingFormatError(`action inconnue « ${value ?? ''} » (${ACTIONS.join(', ')})`);
    result[key as ActionKey] = value as ModerationAction;
  }
  return result;
}

const emailAddress = z.email();

function emailList(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'aucun') return [];
  const addresses = [...new Set(trimmed.split(/[,;\s]+/).filter(Boolean).map((a) => a.toLowerCase()))];
  for (const address of addresses) if (!emailAddress.safeParse(address).success) throw new SettingFormatError(`adresse e-mail invalide « ${address} »`);
  if (addresses.length > 20) throw new SettingFormatError('20 adresses au maximum');
  return addresses;
}

function yesNo(text: string): boolean {
  const value = text.trim().toLowerCase();
  if (['oui', 'yes', 'true', '1'].includes(value)) return true;
  if (['non', 'no', 'false', '0'].includes(value)) return false;
  throw new SettingFormatError('« oui » ou « non » attendu');
}

/** Keys as typed in `tuteur settings set` and shown in the admin UI. */
export const SETTING_DEFINITIONS = {
  'no-direct-use': {
    field: 'noDirectUseLevels',
    description: 'Niveaux sans usage direct par les élèves (démonstration par un enseignant seulement)',
    defaultText: '6e,5e',
    parse: levelList,
  },
  'live-session-only': {
    field: 'liveSessionLevels',
    description: 'Niveaux qui utilisent le tuteur seulement pendant une séance ouverte par un enseignant',
    defaultText: '4e,3e',
    parse: levelList,
  },
  'free-questions': {
    field: 'freeQuestionLevels',
    description: 'Niveaux autorisés à poser des questions hors devoir (révisions libres)',
    defaultText: 'aucun',
    parse: levelList,
  },
  'opening-hours': {
    field: 'openingHours',
    description: 'Horaires d’aide aux devoirs (heure de Paris), ex. « lun-ven 16:00-19:00; mer 13:00-18:00 »',
    defaultText: 'lun-ven 16:00-20:00; mer 13:00-20:00; sam 09:00-12:00',
    parse: parseOpeningHours,
  },
  holidays: {
    field: 'holidays',
    description: 'Vacances scolaires (tuteur fermé), ex. « 2026-12-19..2027-01-03; 2027-02-13..2027-03-01 »',
    defaultText: '',
    parse: parseHolidays,
  },
  'quota-day': { field: 'quotaPerDay', description: 'Messages par élève et par jour', defaultText: '40', parse: positive(10_000) },
  'quota-week': { field: 'quotaPerWeek', description: 'Messages par élève et par semaine', defaultText: '150', parse: positive(50_000) },
  'alert-staff': {
    field: 'alertStaff',
    description: 'Identifiants des personnels désignés qui reçoivent les alertes (CPE, infirmière…), en plus de la direction',
    defaultText: 'aucun',
    parse: loginList,
  },
  'alert-emails': {
    field: 'alertEmails',
    description:
      'Adresses prévenues par e-mail d’une nouvelle alerte (lien seul, sans contenu), ex. « cpe@lycee-exemple.fr, infirmerie@lycee-exemple.fr » ; nécessite le relais SMTP (TUTEUR_SMTP_HOST)',
    defaultText: 'aucun',
    parse: emailList,
  },
  'school-contacts': {
    field: 'schoolContacts',
    description: 'Contacts de l’établissement montrés à un élève en difficulté (ex. « CPE : Mme Durand, bureau 12 »)',
    defaultText: '',
    parse: (text: string) => {
      if (text.length > 500) throw new SettingFormatError('500 caractères au maximum');
      return text.trim();
    },
  },
  'moderation-actions': {
    field: 'moderationActions',
    description: `Action par catégorie (${ACTIONS.join(', ')}), ex. « violence=block; harassment=escalate » ; défauts : ${ACTION_KEYS.map((k) => `${k}=${DEFAULT_ACTIONS[k]}`).join(', ')}`,
    defaultText: '',
    parse: moderationActions,
  },
  'pii-to-model': {
    field: 'piiToModel',
    description: 'Le modèle local peut-il lire le texte de l’élève avant masquage des données personnelles ? (oui/non)',
    defaultText: 'non',
    parse: yesNo,
  },
  'second-opinion': {
    field: 'secondOpinion',
    description:
      'Demander l’avis du modèle local sur les messages ambigus pour la modération (quelques secondes d’attente au plus pour l’élève) ? Sans effet si le serveur ne le propose pas (TUTEUR_MODERATION_LLM) (oui/non)',
    defaultText: 'oui',
    parse: yesNo,
  },
  'pupil-passwords': {
    field: 'pupilPasswords',
    description: 'Les élèves peuvent-ils se connecter avec un mot de passe Tuteur ? « non » : seulement par l’ENT (bouton « Se connecter avec l’ENT ») (oui/non)',
    defaultText: 'oui',
    parse: yesNo,
  },
} satisfies Record<string, Definition<keyof SchoolSettings>>;

export type SettingKey = keyof typeof SETTING_DEFINITIONS;
export const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as SettingKey[];

// Own keys only: `in` would also accept inherited names such as constructor or __proto__.
export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(SETTING_DEFINITIONS, key);

/** Effective settings from the stored texts (defaults for what the school never changed). */
export function resolveSettings(stored: Map<string, string>): SchoolSettings {
  const result: Partial<Record<keyof SchoolSettings, unknown>> = {};
  for (const key of SETTING_KEYS) {
    const definition: Definition<keyof SchoolSettings> = SETTING_DEFINITIONS[key];
    const text = stored.get(key);
    try {
      result[definition.field] = definition.parse(text ?? definition.defaultText);
    } catch {
      // A value stored by an older version that no longer parses falls back to the framework's default.
      result[definition.field] = definition.parse(definition.defaultText);
    }
  }
  return result as SchoolSettings;
}
