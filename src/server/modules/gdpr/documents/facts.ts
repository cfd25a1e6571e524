// What the installation actually does, gathered at generation time: the documents quote these values
// rather than promises, so they change when the configuration does.
import { CONTENT_SECURITY_POLICY } from '../../../http/security-headers.ts';
import { THROTTLE } from '../../auth/auth.service.ts';
import { DEFAULT_ACTIONS, type ActionKey, type ModerationAction } from '../../moderation/actions.ts';
import type { SchoolSettings } from '../../settings/settings.definitions.ts';
import type { GdprSettings } from '../gdpr-settings.ts';

export interface DocumentFacts {
  generatedAt: number;
  school: { uai: string; name: string; address: string | null };
  settings: GdprSettings;
  conversationRule: string;
  model: { name: string | null; backend: string; state: string };
  /** The catalogue's models the school's classes use; when given, the documents name these. */
  models?: { name: string; licence: string | null; runsOn: string; engine: string }[];
  database: 'SQLite' | 'PostgreSQL';
  /** Audit seals signed (an Ed25519 key is configured). */
  sealing: boolean;
  /** Active accounts per role in the school. */
  accounts: Record<string, number>;
  /** How the school protects its pupils (moderation, alerts, masking), from its settings; none: not described. */
  safety?: SafetyFacts;
}

export interface SafetyFacts {
  /** The action taken per moderation category, the school's own or the default. */
  actions: Record<ActionKey, ModerationAction>;
  /** Whether ambiguous messages wait for the local model's opinion: offered by the server, then chosen by the school. */
  secondOpinion: 'on' | 'off-by-school' | 'not-offered';
  piiToModel: boolean;
  /** Counts only: the documents name roles, never the people. */
  alertStaff: number;
  alertEmails: number;
  schoolContacts: boolean;
}

/** The safety facts of a school's effective settings, on a server that offers the second opinion or not. */
export function safetyFactsOf(settings: SchoolSettings, secondOpinionOffered: boolean): SafetyFacts {
  const actions = { ...DEFAULT_ACTIONS };
  for (const key of Object.keys(DEFAULT_ACTIONS) as ActionKey[]) actions[key] = settings.moderationActions[key] ?? DEFAULT_ACTIONS[key];
  return {
    actions,
    secondOpinion: !secondOpinionOffered ? 'not-offered' : settings.secondOpinion ? 'on' : 'off-by-school',
    piiToModel: settings.piiToModel,
    alertStaff: settings.alertStaff.length,
    alertEmails: settings.alertEmails.length,
    schoolContacts: settings.schoolContacts !== '',
  };
}

export const TO_COMPLETE = '« à compléter par l’établissement »';

export const or = (value: string | null | undefined) => (value === null || value === undefined || value.trim() === '' ? TO_COMPLETE : value);

export const dateFr = (ms: number) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(ms));

export const months = (n: number) => `${n} mois`;

/** The names of the models the school uses (the catalogue's), or the running model's. */
export const modelNames = (facts: DocumentFacts): string | null =>
  facts.models !== undefined && facts.models.length > 0 ? facts.models.map((m) => m.name).join(', ') : facts.model.name;

export function modelSentence(facts: DocumentFacts): string {
  if (facts.models !== undefined && facts.models.length > 0) {
    return facts.models.map((m) => `${m.name} (licence : ${m.licence ?? TO_COMPLETE} ; moteur : ${m.engine}), ${m.runsOn}`).join(' ; ');
  }
  const name = facts.model.name ?? 'aucun modèle n’est encore installé';
  const where = facts.model.backend.startsWith('llama.cpp')
    ? `exécuté par le moteur ${facts.model.backend} intégré à Tuteur, sur le serveur de l’établissement`
    : `exécuté par le moteur « ${facts.model.backend} » configuré par l’établissement, sur ses propres machines`;
  return `${name}, ${where}`;
}

/** The security measures in place, each one true of this installation. */
export function securityMeasures(facts: DocumentFacts): string[] {
  const measures = [
    'Chiffrement au repos des messages, des titres de conversation, des extraits et notes d’alerte, des demandes d’exercice des droits et de leurs décisions, et des motifs écrits par le personnel pour consulter une conversation : AES-256-GCM, une clé de données par élève, elle-même chiffrée par une clé principale conservée dans un fichier réservé au service (droits 0600). Chaque texte chiffré est lié à sa table, sa ligne et sa colonne.',
    'Effacement par destruction de clé (crypto-effacement) : détruire la clé d’un élève rend ses contenus illisibles partout, sauvegardes comprises.',
    'Rotation de la clé principale possible (`tuteur keys rotate`) sans re-chiffrer les contenus.',
    'Mots de passe hachés avec argon2id (19 Mio, 2 passes) ; aucun mot de passe par défaut.',
    `Limitation des tentatives de connexion : compte bloqué ${THROTTLE.lockMs / 60_000} minutes après ${THROTTLE.accountFailures} échecs, adresse bloquée après ${THROTTLE.ipFailures} échecs.`,
    'Sessions côté serveur, cookies HttpOnly et SameSite, révocables ; désactiver un compte ferme aussitôt ses sessions.',
    'Contrôle d’accès : chaque route déclare une règle d’accès vérifiée avant tout traitement ; le personnel ne lit une conversation d’élève qu’avec un motif enregistré et visible par l’élève.',
    `Journal d’audit inaltérable : chaque entrée contient l’empreinte SHA-256 de la précédente (chaîne de hachage)${facts.sealing ? ', scellée chaque heure par une signature Ed25519' : ''} ; \`tuteur audit verify\` détecte toute entrée modifiée, supprimée, déplacée ou insérée.`,
    `Politique de sécurité du contenu stricte dans le navigateur (${CONTENT_SECURITY_POLICY.split('; ')[0]}, frame-ancestors 'none') : aucune ressource extérieure, aucune télémétrie, aucune vérification de mise à jour.`,
    'Le modèle de langage tourne sur les machines de l’établissement : aucun texte d’élève n’est envoyé à un service extérieur.',
    'Les journaux techniques ne contiennent jamais le texte des élèves, ni les mots de passe, ni les cookies.',
    'Durées de conservation appliquées par une tâche automatique quotidienne, qui consigne ce qu’elle a supprimé (nombres, jamais de contenu) dans le journal d’audit.',
    `Base de données ${facts.database}${facts.database === 'PostgreSQL' ? ' (plusieurs instances possibles, tâches coordonnées par un verrou en base)' : ' (fichier local du serveur)'}.`,
  ];
  return measures;
}
