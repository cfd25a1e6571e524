// The information notice (art. 13 GDPR, art. 50 AI Act), from the live configuration: a version in
// simple words for pupils, and a full version for parents and staff.
import type { GdprDocument } from './document.ts';
import { dateFr, modelNames, modelSentence, months, or, type DocumentFacts } from './facts.ts';

const CNIL = 'la CNIL (Commission nationale de l’informatique et des libertés), sur cnil.fr ou au 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07';

function dpoContact(facts: DocumentFacts): string {
  const s = facts.settings;
  const ways = [s.dpoEmail, s.dpoPhone, s.dpoAddress].filter((v): v is string => Boolean(v));
  return `${or(s.dpoName)}${ways.length ? ` (${ways.join(', ')})` : ''}`;
}

export function buildPupilNotice(facts: DocumentFacts): GdprDocument {
  const s = facts.settings;
  return {
    kind: 'notice-pupil',
    title: 'Tuteur et tes données',
    subtitle: `${facts.school.name} — mis à jour le ${dateFr(facts.generatedAt)}`,
    blocks: [
      { type: 'paragraph', text: 'Tu échanges avec une intelligence artificielle : ce n’est pas une personne qui te répond. Elle peut se tromper : vérifie ce qu’elle dit et demande à ton professeur en cas de doute.' },
      { type: 'heading', level: 2, text: 'À quoi sert Tuteur ?' },
      { type: 'paragraph', text: 'À t’aider à faire tes devoirs toi-même, en te guidant. Tuteur ne te note pas et ne décide rien à ton sujet.' },
      { type: 'heading', level: 2, text: 'Qui est responsable ?' },
      { type: 'paragraph', text: `Ton établissement, ${facts.school.name}, représenté par ${or(s.headName)}. Utiliser Tuteur fait partie de la mission de l’école : on ne te demande pas ton accord, mais tu as des droits (voir plus bas).` },
      { type: 'heading', level: 2, text: 'Ce que Tuteur garde' },
      {
        type: 'list',
        items: [
          'Ton identifiant, ton nom et ta classe.',
          'Tes questions et les réponses, chiffrées : personne ne peut les lire en ouvrant la base de données.',
          'Qui s’est connecté et quand, pour la sécurité.',
        ],
      },
      { type: 'heading', level: 2, text: 'Qui peut voir tes conversations ?' },
      {
        type: 'paragraph',
        text: 'Toi. Un adulte de l’établissement ne peut lire une de tes conversations que pour une raison précise, qui est enregistrée : tu peux voir qui l’a fait, quand et pourquoi dans « Mes données ».',
      },
      { type: 'heading', level: 2, text: 'Où vont tes messages ?' },
      { type: 'paragraph', text: `Nulle part ailleurs : l’intelligence artificielle (${modelNames(facts) ?? 'pas encore installée'}) tourne sur les ordinateurs de ton établissement. Tes messages ne sont envoyés à aucune entreprise et ne servent pas à entraîner une IA.` },
      { type: 'heading', level: 2, text: 'Combien de temps ?' },
      {
        type: 'list',
        items: [
          `Tes conversations : ${facts.conversationRule}.`,
          `Si tu quittes l’établissement, ton compte est effacé ${months(s.leftPupilMonths)} après ton départ.`,
          `Si un message inquiétant est signalé à un adulte de l’établissement (alerte), cette alerte est effacée ${months(s.alertMonths)} après.`,
          `Une demande que tu as faite (accès, effacement…) est effacée ${months(s.auditMonths)} après la réponse.`,
        ],
      },
      { type: 'heading', level: 2, text: 'Tes droits' },
      {
        type: 'list',
        items: [
          'Télécharger toutes tes données depuis « Mes données ».',
          'Demander de corriger, de limiter, de t’opposer ou d’effacer : fais une demande depuis « Mes données », ou parles-en à un adulte de l’établissement. Tu auras une réponse dans un délai d’un mois.',
          `Contacter le délégué à la protection des données : ${dpoContact(facts)}.`,
          `Si tu n’es pas d’accord avec la réponse, toi ou tes parents pouvez vous plaindre auprès de ${CNIL}.`,
        ],
      },
    ],
  };
}

export function buildFullNotice(facts: DocumentFacts): GdprDocument {
  const s = facts.settings;
  return {
    kind: 'notice-full',
    title: `Information sur le traitement des données personnelles — Tuteur — ${facts.school.name}`,
    subtitle: `Notice d’information (article 13 du RGPD) destinée aux élèves, à leurs responsables légaux et aux personnels — mise à jour le ${dateFr(facts.generatedAt)}.`,
    blocks: [
      { type: 'paragraph', text: 'Tuteur est un assistant d’aide aux devoirs fondé sur une intelligence artificielle. Les élèves en sont informés à chaque conversation (« Tu échanges avec une intelligence artificielle »), conformément à l’article 50 du règlement européen sur l’intelligence artificielle.' },
      {
        type: 'table',
        header: ['Rubrique', 'Information'],
        rows: [
          ['Responsable du traitement', `${facts.school.name} (UAI ${facts.school.uai}), ${or(facts.school.address)}, représenté par son chef d’établissement, ${or(s.headName)}`],
          ['Délégué à la protection des données', dpoContact(facts)],
          ['Finalités', 'Aide au travail personnel des élèves sur les devoirs ouverts par leurs enseignants ; gestion des accès ; sécurité et traçabilité ; exercice des droits. Aucune notation, aucun profilage, aucune décision automatisée.'],
          ['Base légale', 'Exécution d’une mission d’intérêt public (article 6.1.e du RGPD) : le service public de l’éducation. Le consentement n’est pas la base légale.'],
          ['Données traitées', 'Identifiant, nom affiché, rôle, classe et niveau ; questions et réponses (chiffrées) ; données de connexion ; journal d’audit des accès.'],
          ['Destinataires', 'L’élève ; les enseignants de ses classes et la direction, dans la limite de leurs missions (la lecture d’une conversation exige un motif, enregistré et visible par l’élève) ; le DPD. Aucun destinataire extérieur.'],
          ['Modèle d’intelligence artificielle', `${modelSentence(facts)}. Les conversations ne servent pas à entraîner un modèle.`],
          ['Transferts', 'Aucun : les données restent sur l’infrastructure de l’établissement, dans l’Union européenne.'],
          ['Durées de conservation', `Conversations : ${facts.conversationRule}. Compte d’un élève parti : ${months(s.leftPupilMonths)} après le départ. Alertes de sécurité : ${months(s.alertMonths)}. Demandes d’exercice des droits : ${months(s.auditMonths)} après la décision. Journal d’audit : ${months(s.auditMonths)}.`],
          ['Vos droits', 'Accès et copie (export depuis « Mes données »), rectification, limitation, opposition (art. 21) et effacement (art. 17, dans les limites de la mission de service public). Réponse dans un délai d’un mois, prolongeable de deux mois pour une demande complexe.'],
          ['Exercer vos droits', `Depuis la page « Mes données » de Tuteur, ou auprès du DPD : ${dpoContact(facts)}.`],
          ['Réclamation', `Vous pouvez introduire une réclamation auprès de ${CNIL}.`],
        ],
      },
    ],
  };
}
