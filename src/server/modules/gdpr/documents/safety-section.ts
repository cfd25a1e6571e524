// The AIPD's account of how minors are protected, from the school's live settings: what the moderation
// does per category, whether the local model's second opinion is asked, who is alerted and what the alert
// holds, what is masked. Counts only: the document names roles, never the staff members.
import type { ActionKey, ModerationAction } from '../../moderation/actions.ts';
import type { Block } from './document.ts';
import { TO_COMPLETE, type SafetyFacts } from './facts.ts';

const CATEGORY_FR: Record<ActionKey, string> = {
  self_harm: 'Idées suicidaires, automutilation, troubles alimentaires',
  abuse: 'Violences ou abus subis de la part d’un adulte',
  harassment_of_pupil: 'Élève qui dit être harcelé',
  harassment: 'Insulte ou harcèlement écrit par l’élève',
  violence: 'Menace, intention de blesser, arme',
  sexual: 'Contenu sexuel, pédopiégeage, sextorsion',
  hate: 'Propos haineux (racisme, antisémitisme, homophobie, sexisme…)',
};

const ACTION_FR: Record<ModerationAction, string> = {
  allow: 'réponse normale',
  care: 'le tuteur répond avec bienveillance, sans alerte',
  block: 'message refusé avec une explication, pas de réponse du tuteur',
  escalate: 'message d’aide à l’élève et alerte aux personnels désignés',
};

function secondOpinionSentence(facts: SafetyFacts): string {
  switch (facts.secondOpinion) {
    case 'on':
      return 'Les messages ambigus pour ces deux couches sont soumis en plus au modèle de langage local, qui rend un avis structuré en quelques secondes au plus ; sans réponse à temps, un doute sur une détresse reçoit la réponse bienveillante.';
    case 'off-by-school':
      return 'L’avis du modèle local sur les messages ambigus est proposé par le serveur mais désactivé par l’établissement (réglage `second-opinion`) : le verdict des deux couches rapides s’applique seul.';
    case 'not-offered':
      return 'L’avis du modèle local sur les messages ambigus n’est pas activé sur ce serveur (`TUTEUR_MODERATION_LLM`) : le verdict des deux couches rapides s’applique seul.';
  }
}

export function safetyBlocks(facts: SafetyFacts): Block[] {
  const staff =
    facts.alertStaff > 0
      ? `${facts.alertStaff} personnel(s) désigné(s) (réglage \`alert-staff\`, par exemple CPE et infirmière) et la direction`
      : `la direction seulement : aucun personnel désigné (réglage \`alert-staff\`), ${TO_COMPLETE}`;
  const mail =
    facts.alertEmails > 0
      ? `${facts.alertEmails} adresse(s) de l’établissement reçoivent par le relais SMTP de l’établissement un e-mail sans contenu (ni nom, ni classe, ni texte), avec le seul lien vers l’alerte.`
      : 'Aucun e-mail n’est envoyé (réglage `alert-emails` vide) : les alertes sont visibles dans l’application.';
  return [
    { type: 'heading', level: 2, text: 'Protection des mineurs' },
    {
      type: 'paragraph',
      text: 'Chaque message d’élève est examiné sur le serveur avant toute réponse par deux couches rapides : un lexique français à règles de contexte scolaire (« la mort de Louis XVI » n’est pas signalé) et un classifieur appris sur un jeu d’exemples écrits pour Tuteur (aucun message d’élève réel). La réponse du modèle est surveillée pendant qu’elle s’affiche et arrêtée si elle dérape. Action par catégorie, réglée par l’établissement (`moderation-actions`) :',
    },
    {
      type: 'table',
      header: ['Catégorie', 'Action'],
      rows: (Object.keys(CATEGORY_FR) as ActionKey[]).map((key) => [CATEGORY_FR[key], ACTION_FR[facts.actions[key]]]),
    },
    {
      type: 'list',
      items: [
        secondOpinionSentence(facts),
        `Détresse, violences subies, harcèlement : l’élève voit aussitôt un message bienveillant avec le 3114, le 3018 et le 119${facts.schoolContacts ? ' et les contacts de l’établissement' : ` ; contacts de l’établissement (réglage \`school-contacts\`) : ${TO_COMPLETE}`}. Un signal que seule la couche apprise relève reçoit ce message, sans alerte.`,
        `Alertes : reçues par ${staff}, avec le seul message signalé et son contexte immédiat, données personnelles masquées, chiffrés ; chaque ouverture d’alerte est journalisée ; états nouveau, vu, traité, avec une note.`,
        mail,
        `Données personnelles (téléphones, e-mails, adresses, INE, NIR, IBAN, dates de naissance, mots de passe, noms des camarades) masquées avant l’enregistrement et avant tout affichage au personnel ; le modèle local lit ${facts.piiToModel ? 'le texte d’origine, non masqué (réglage `pii-to-model` : oui)' : 'le texte masqué (réglage `pii-to-model` : non)'}.`,
        'Ni reconnaissance d’émotions, ni note ou profil de l’élève (règlement européen sur l’IA, art. 5.1.f) : seule la catégorie du texte est retenue.',
      ],
    },
    {
      type: 'todo',
      text: 'Limite à prendre en compte dans l’évaluation : la modération automatique ne reconnaît pas tous les messages inquiétants, surtout quand ils sont indirects (taux mesurés : src/server/modules/moderation/data/README.md) ; elle ne remplace pas la vigilance des adultes.',
    },
  ];
}
