// A draft data-protection impact assessment (art. 35 GDPR) following the CNIL's PIA method: context,
// fundamental principles, the three risks with the measures in place. Gravity and likelihood are left to
// the DPO: the software states facts, people weigh them.
import type { GdprDocument } from './document.ts';
import { dateFr, modelSentence, months, or, securityMeasures, type DocumentFacts } from './facts.ts';
import { safetyBlocks } from './safety-section.ts';

const TO_ASSESS = '« à évaluer par le DPD : négligeable, limitée, importante ou maximale »';

export function buildAipd(facts: DocumentFacts): GdprDocument {
  const s = facts.settings;
  const risk = (title: string, sources: string, impacts: string, threats: string, measures: string[]) => [
    { type: 'heading' as const, level: 2 as const, text: title },
    { type: 'table' as const, header: ['Rubrique', 'Analyse'] as [string, string], rows: [['Sources de risque', sources], ['Impacts sur les personnes', impacts], ['Menaces', threats]] as [string, string][] },
    { type: 'paragraph' as const, text: 'Mesures en place :' },
    { type: 'list' as const, items: measures },
    { type: 'table' as const, header: ['Critère', 'Évaluation'] as [string, string], rows: [['Gravité', TO_ASSESS], ['Vraisemblance', TO_ASSESS]] as [string, string][] },
  ];
  return {
    kind: 'aipd',
    title: `Analyse d’impact relative à la protection des données (brouillon) — Tuteur — ${facts.school.name}`,
    subtitle: `Pré-remplie le ${dateFr(facts.generatedAt)} selon la méthode PIA de la CNIL, à partir de la configuration en service. À compléter et valider par le DPD et le responsable du traitement.`,
    blocks: [
      { type: 'heading', level: 1, text: '1. Contexte' },
      { type: 'heading', level: 2, text: 'Présentation du traitement' },
      {
        type: 'paragraph',
        text: `Tuteur est un assistant d’aide aux devoirs par intelligence artificielle utilisé par des élèves, en majorité mineurs, de ${facts.school.name} (UAI ${facts.school.uai}). Les élèves posent des questions sur les devoirs ouverts par leurs enseignants ; un modèle de langage (${modelSentence(facts)}) leur répond. L’analyse d’impact est requise : données de personnes vulnérables (mineurs), usage innovant (intelligence artificielle), à grande échelle possible.`,
      },
      {
        type: 'table',
        header: ['Rubrique', 'Valeur'],
        rows: [
          ['Responsable du traitement', `${facts.school.name}, représenté par ${or(s.headName)}`],
          ['DPD', `${or(s.dpoName)} ${s.dpoEmail ? `(${s.dpoEmail})` : ''}`.trim()],
          ['Sous-traitants', 'Aucun pour les contenus (le modèle tourne sur place). Hébergeur du serveur : ' + or(null)],
          ['Référentiels', 'RGPD (art. 5, 6.1.e, 13, 15 à 21, 25, 30, 32, 35) ; règlement européen sur l’IA (art. 50, transparence) ; recommandations de la CNIL sur la journalisation (6 mois à 1 an).'],
          ['Personnes concernées', `${facts.accounts.pupil ?? 0} élève(s), ${facts.accounts.teacher ?? 0} enseignant(s) actifs`],
        ],
      },
      { type: 'heading', level: 2, text: 'Données, processus et supports' },
      {
        type: 'list',
        items: [
          'Données : identification (identifiant, nom affiché, classe), connexion, questions et réponses (chiffrées), journal d’audit, demandes de droits.',
          'Cycle de vie d’un message : saisie dans le navigateur → contrôle d’accès → chiffrement et enregistrement avant toute réponse → génération par le modèle local → chiffrement et enregistrement de la réponse → suppression à l’échéance de conservation.',
          `Supports : serveur de l’établissement (base ${facts.database}, fichier de clé principale, fichier de clé de signature du journal), navigateurs des utilisateurs.`,
        ],
      },
      ...(facts.safety ? safetyBlocks(facts.safety) : []),
      { type: 'heading', level: 1, text: '2. Principes fondamentaux' },
      {
        type: 'table',
        header: ['Principe', 'Mise en œuvre'],
        rows: [
          ['Finalités déterminées et légitimes', 'Aide au travail personnel ; gestion des accès ; sécurité et traçabilité ; exercice des droits. Ni notation, ni profilage, ni décision automatisée.'],
          ['Base légale', 'Mission d’intérêt public (art. 6.1.e) ; pas de consentement demandé.'],
          ['Minimisation', 'Pas de date de naissance, d’adresse ni de responsable légal ; le journal d’audit ne contient aucun contenu d’élève.'],
          ['Durées de conservation', `Conversations : ${facts.conversationRule}. Élève parti : ${months(s.leftPupilMonths)}. Alertes de sécurité : ${months(s.alertMonths)}. Demandes d’exercice des droits décidées : ${months(s.auditMonths)}. Journal d’audit : ${months(s.auditMonths)}. Appliquées par une tâche automatique quotidienne.`],
          ['Information des personnes', 'Notice générée depuis la configuration, en version élève (mots simples) et en version complète ; mention « Tu échanges avec une intelligence artificielle ».'],
          ['Droit d’accès et portabilité', 'L’élève télécharge toutes ses données (JSON) depuis « Mes données » ; chaque export est tracé.'],
          ['Rectification, limitation, opposition, effacement', 'Demandes enregistrées et décidées par le DPD dans le délai légal (un mois, prolongeable de deux) ; effacement par destruction de la clé de l’élève.'],
          ['Transparence des accès', 'L’élève voit qui a consulté ses conversations, quand et pour quel motif.'],
          ['Transferts', 'Aucun transfert hors de l’établissement ni hors de l’Union européenne.'],
        ],
      },
      { type: 'heading', level: 1, text: '3. Risques' },
      ...risk(
        'Accès illégitime à des données',
        'Personne extérieure (attaque du serveur), personnel de l’établissement curieux, élève cherchant à lire les conversations d’un autre, vol d’une sauvegarde.',
        'Divulgation de difficultés scolaires ou de confidences d’un mineur ; atteinte à sa vie privée, moqueries, harcèlement.',
        'Vol d’identifiants, exploitation d’une faille, lecture directe de la base ou d’une sauvegarde, consultation sans motif.',
        securityMeasures(facts).filter((m) => /chiffr|mot|connexion|Sessions|Contrôle|Politique|modèle|journaux/i.test(m)),
      ),
      ...risk(
        'Modification non désirée de données',
        'Attaquant ayant accès à la base ; administrateur voulant effacer une trace.',
        'Historique faussé ; impossibilité de prouver qui a consulté les données d’un élève.',
        'Modification directe de lignes en base, suppression d’entrées du journal d’audit.',
        securityMeasures(facts).filter((m) => /chiffré est lié|audit|Contrôle/i.test(m)),
      ),
      ...risk(
        'Disparition de données',
        'Panne du serveur, erreur de manipulation, perte du fichier de clé principale.',
        'Perte de l’historique de travail de l’élève (impact limité : outil d’aide, non évaluatif).',
        'Panne de disque, suppression accidentelle, perte de la clé principale (contenus illisibles).',
        [
          'La question d’un élève est enregistrée avant la génération de la réponse : une panne ne perd aucun message.',
          `Base ${facts.database} ; sauvegardes de la base et du fichier de clé principale : ${or(null)}.`,
        ],
      ),
      { type: 'heading', level: 1, text: '4. Plan d’action et validation' },
      { type: 'todo', text: 'Mesures complémentaires envisagées, avis du DPD, avis des personnes concernées ou de leurs représentants (art. 35.9), décision du responsable du traitement : à compléter.' },
    ],
  };
}
