// The record of processing activities (art. 30.1 GDPR) for Tuteur, filled from the live configuration.
import type { GdprDocument } from './document.ts';
import { dateFr, modelSentence, months, or, securityMeasures, type DocumentFacts } from './facts.ts';

export function buildRegister(facts: DocumentFacts): GdprDocument {
  const s = facts.settings;
  return {
    kind: 'register',
    title: `Registre des activités de traitement — Tuteur — ${facts.school.name}`,
    subtitle: `Fiche de l’article 30 du RGPD, générée le ${dateFr(facts.generatedAt)} à partir de la configuration en service (UAI ${facts.school.uai}).`,
    blocks: [
      { type: 'heading', level: 1, text: 'Responsable du traitement et délégué à la protection des données' },
      {
        type: 'table',
        header: ['Rubrique', 'Valeur'],
        rows: [
          ['Responsable du traitement', `${facts.school.name} (UAI ${facts.school.uai}), représenté par son chef d’établissement`],
          ['Chef d’établissement', or(s.headName)],
          ['Adresse de l’établissement', or(facts.school.address)],
          ['Délégué à la protection des données (DPD)', or(s.dpoName)],
          ['Contact du DPD', [s.dpoEmail, s.dpoPhone, s.dpoAddress].filter(Boolean).join(' — ') || or(null)],
        ],
      },
      { type: 'heading', level: 1, text: 'Le traitement' },
      {
        type: 'table',
        header: ['Rubrique', 'Valeur'],
        rows: [
          ['Nom', 'Tuteur — aide aux devoirs par intelligence artificielle'],
          ['Mise à jour de la fiche', dateFr(facts.generatedAt)],
          ['Base légale', 'Mission d’intérêt public (article 6.1.e du RGPD) : le service public de l’éducation. Le traitement ne repose pas sur le consentement.'],
          ['Modèle de langage', modelSentence(facts)],
          ['Hébergement', `Serveur de l’établissement ou de l’académie ; base de données ${facts.database}.`],
          ['Transferts hors de l’Union européenne', 'Aucun. Aucune donnée ne quitte l’infrastructure de l’établissement.'],
        ],
      },
      { type: 'heading', level: 2, text: 'Finalités' },
      {
        type: 'list',
        items: [
          'Aider les élèves dans leur travail personnel : répondre à leurs questions sur les devoirs que leurs enseignants ont ouverts au tuteur, sans faire le travail à leur place.',
          'Gérer les comptes et les accès (élèves, enseignants, direction, DPD).',
          'Assurer la sécurité du service et la traçabilité des accès aux données (journal d’audit).',
          'Permettre l’exercice des droits des personnes (accès, rectification, limitation, opposition, effacement).',
        ],
      },
      {
        type: 'paragraph',
        text: 'Tuteur ne note pas, ne classe pas et ne prend aucune décision concernant un élève (pas de décision automatisée au sens de l’article 22). Les conversations ne servent ni à entraîner un modèle ni à une autre fin.',
      },
      { type: 'heading', level: 2, text: 'Personnes concernées' },
      {
        type: 'list',
        items: [
          `Élèves : ${facts.accounts.pupil ?? 0} compte(s) actif(s).`,
          `Enseignants : ${facts.accounts.teacher ?? 0} compte(s) actif(s).`,
          `Personnels de direction et DPD : ${(facts.accounts['school-admin'] ?? 0) + (facts.accounts.dpo ?? 0)} compte(s) actif(s).`,
        ],
      },
      { type: 'heading', level: 2, text: 'Catégories de données' },
      {
        type: 'list',
        items: [
          'Identification : identifiant de connexion, nom affiché, rôle, établissement, classe et niveau.',
          'Connexion : sessions (dates de création et de dernière activité), journal des connexions et des échecs de connexion.',
          'Contenu : questions des élèves et réponses du tuteur, titres des conversations, matière — chiffrés avec la clé de l’élève.',
          'Traçabilité : journal d’audit (qui a fait quoi, quand, sur quel objet, avec quel motif) — sans contenu d’élève.',
          'Demandes d’exercice des droits et décisions du DPD.',
        ],
      },
      {
        type: 'paragraph',
        text: 'Aucune donnée sensible (article 9) n’est demandée. Un élève pouvant en écrire spontanément, les contenus sont chiffrés et leur consultation par le personnel est motivée et tracée.',
      },
      { type: 'heading', level: 2, text: 'Destinataires' },
      {
        type: 'list',
        items: [
          'L’élève lui-même (son historique, l’export de ses données, la liste des personnes qui ont consulté ses données).',
          'Les enseignants de ses classes : le suivi de leurs devoirs ; la lecture d’une conversation seulement avec un motif enregistré, visible par l’élève.',
          'Le chef d’établissement et les administrateurs : gestion des comptes et des réglages.',
          'Le DPD : registre, analyse d’impact, journal d’audit, demandes d’exercice des droits.',
          'Aucun destinataire extérieur à l’établissement ; aucun sous-traitant ne reçoit de contenu (le modèle tourne sur place).',
        ],
      },
      { type: 'heading', level: 2, text: 'Durées de conservation (réglages en vigueur)' },
      {
        type: 'table',
        header: ['Données', 'Durée'],
        rows: [
          ['Conversations et messages', facts.conversationRule],
          ['Compte d’un élève parti de l’établissement', `${months(s.leftPupilMonths)} après son départ, puis effacement (clé détruite, compte supprimé)`],
          ['Alertes de sécurité (extrait chiffré, note du personnel)', `${months(s.alertMonths)} après l’alerte, puis suppression`],
          ['Demandes d’exercice des droits (décidées)', `${months(s.auditMonths)} après la décision, comme le journal d’audit qui en garde la trace ; une demande en cours n’est jamais supprimée`],
          ['Journal d’audit', `${months(s.auditMonths)}`],
          ['Sessions de connexion', 'jusqu’à leur expiration ou leur fermeture'],
        ],
      },
      { type: 'heading', level: 2, text: 'Mesures de sécurité (article 32)' },
      { type: 'list', items: securityMeasures(facts) },
      { type: 'todo', text: 'À vérifier par le DPD : contacts, adresse, et toute mesure organisationnelle propre à l’établissement (habilitations, sauvegardes, charte).' },
    ],
  };
}
