// French UI catalogue: every text a person reads in the web client, and `t()` to fetch it with its parameters.

export const fr = {
  'app.name': 'Tuteur',
  'app.tagline': 'Aide aux devoirs',
  'app.loading': 'Chargement…',
  'app.retry': 'Réessayer',
  'app.skipToContent': 'Aller au contenu',

  'header.signedInAs': 'Connecté·e : {name}',
  'header.logout': 'Se déconnecter',
  'header.home': 'Accueil',

  'error.network': 'Impossible de joindre le serveur. Vérifiez la connexion réseau, puis réessayez.',
  'error.server': 'Le serveur a rencontré un problème (code {status}). Réessayez dans un instant.',
  'error.unexpected': 'Une erreur inattendue s’est produite.',
  'error.sessionExpired': 'La session a pris fin. Reconnectez-vous pour continuer.',
  'error.forbidden': 'Cette page n’est pas accessible avec ce compte.',
  'error.formInvalid': 'Certains champs sont à corriger.',

  'login.title': 'Connexion',
  'login.intro': 'Identifiant et mot de passe fournis par l’établissement.',
  'login.login': 'Identifiant',
  'login.password': 'Mot de passe',
  'login.submit': 'Se connecter',
  'login.submitting': 'Connexion…',
  'login.setupDone': 'Le compte administrateur est créé. Vous pouvez maintenant vous connecter.',
  'login.loggedOut': 'Vous êtes déconnecté·e.',

  'setup.title': 'Première installation',
  'setup.intro':
    'Créez le premier compte administrateur de cette installation. Ce lien ne sert qu’une fois.',
  'setup.missingToken':
    'Le lien d’installation est incomplet. Utilisez le lien complet affiché par le serveur au premier démarrage (il contient « #token= »).',
  'setup.login': 'Identifiant',
  'setup.displayName': 'Nom affiché',
  'setup.password': 'Mot de passe',
  'setup.passwordHint': '12 caractères au minimum.',
  'setup.passwordConfirm': 'Confirmer le mot de passe',
  'setup.passwordMismatch': 'Les deux mots de passe ne sont pas identiques.',
  'setup.passwordTooShort': 'Le mot de passe doit comporter au moins 12 caractères.',
  'setup.submit': 'Créer le compte administrateur',
  'setup.submitting': 'Création…',

  'notFound.title': 'Page introuvable',
  'notFound.body': 'Cette adresse ne correspond à aucune page.',
  'notFound.back': 'Revenir à l’accueil',

  'ai.notice': 'Tu échanges avec une intelligence artificielle. Elle peut se tromper : vérifie ce qu’elle dit.',
  'ai.noticeShort': 'Tu échanges avec une intelligence artificielle',

  'conversations.title': 'Mes conversations',
  'conversations.intro': 'Pose une question sur tes devoirs : le tuteur t’aide à comprendre, pas à copier.',
  'conversations.new': 'Nouvelle conversation',
  'conversations.creating': 'Création…',
  'conversations.subject': 'Matière (facultatif)',
  'conversations.subjectNone': 'Aucune matière précise',
  'conversations.empty': 'Tu n’as pas encore de conversation. Commence-en une !',
  'conversations.listLabel': 'Conversations précédentes',
  'conversations.updated': 'Modifiée le {date}',
  'conversations.untitled': 'Conversation sans titre',

  'subject.mathematiques': 'Mathématiques',
  'subject.francais': 'Français',
  'subject.histoire-geographie': 'Histoire-géographie',
  'subject.svt': 'SVT',
  'subject.physique-chimie': 'Physique-chimie',
  'subject.anglais': 'Anglais',
  'subject.espagnol': 'Espagnol',
  'subject.allemand': 'Allemand',
  'subject.philosophie': 'Philosophie',
  'subject.ses': 'SES',
  'subject.nsi': 'NSI',
  'subject.technologie': 'Technologie',

  'chat.back': 'Toutes mes conversations',
  'chat.messagesLabel': 'Messages de la conversation',
  'chat.empty': 'Écris ta question ci-dessous. Explique ce que tu as déjà essayé : le tuteur t’aidera mieux.',
  'chat.you': 'Toi',
  'chat.tutor': 'Tuteur',
  'chat.inputLabel': 'Ton message',
  'chat.inputPlaceholder': 'Écris ta question…',
  'chat.inputHelp': 'Entrée pour envoyer, Maj+Entrée pour aller à la ligne.',
  'chat.send': 'Envoyer',
  'chat.stop': 'Arrêter',
  'chat.stopLabel': 'Arrêter la réponse du tuteur',
  'chat.tooLong': 'Ton message est trop long ({count} caractères sur {max} au maximum).',
  'chat.charCount': '{count} / {max}',
  'chat.queuePosition': 'Tu es {position} dans la file d’attente',
  'chat.queueNext': 'Le tuteur prépare sa réponse…',
  'chat.waiting': 'Envoi de ton message…',
  'chat.thinking': 'Le tuteur réfléchit…',
  'chat.streaming': 'Le tuteur écrit sa réponse…',
  'chat.answerDone': 'Le tuteur a terminé sa réponse.',
  'chat.interrupted': 'Réponse interrompue',
  'chat.failed': 'Réponse incomplète : une erreur s’est produite.',
  'chat.connectionLost': 'La connexion a été coupée avant la fin de la réponse. Tu peux reposer ta question.',
  'chat.notFound': 'Cette conversation est introuvable.',
  'chat.noModel':
    'Le tuteur n’est pas encore disponible dans ton établissement. Ce n’est pas de ta faute : préviens ton professeur.',
  'chat.errorTitle': 'Le message n’a pas pu être envoyé',
  'chat.pending': 'En cours d’envoi',
  'chat.dismiss': 'Fermer',

  'staff.title': 'Bienvenue, {name}',
  'staff.soon':
    'Les fonctionnalités prévues pour votre rôle ({role}) arrivent bientôt dans Tuteur. En attendant, cette page n’affiche aucune donnée.',
  'staff.contact': 'Pour toute question, adressez-vous à l’administrateur de votre établissement.',

  'admin.title': 'Administration',
  'admin.intro': 'Établissements, classes, comptes et état du modèle de langue.',
  'admin.sectionsLabel': 'Sections de l’administration',
  'admin.refresh': 'Actualiser',
  'admin.loadError': 'Impossible de charger cette section : {message}',
  'admin.none': '—',
  'admin.actions': 'Actions',

  'admin.status.title': 'État du service',
  'admin.status.model': 'Modèle de langue',
  'admin.status.database': 'Base de données',
  'admin.status.db.sqlite': 'SQLite (fichier local)',
  'admin.status.db.postgres': 'PostgreSQL',
  'admin.status.state.none': 'Aucun modèle configuré',
  'admin.status.state.loading': 'Chargement du modèle en cours…',
  'admin.status.state.ready': 'Modèle prêt',
  'admin.status.state.error': 'Le modèle n’a pas pu démarrer',
  'admin.status.noneHelp':
    'Les élèves ne peuvent pas encore utiliser le tuteur. Pour ajouter un modèle, indiquez le chemin d’un fichier GGUF présent sur le serveur puis redémarrez Tuteur :',
  'admin.status.noneEnv': 'TUTEUR_MODEL_PATH=/chemin/vers/modele.gguf',
  'admin.status.noneConfig': 'ou renseignez le modèle dans le fichier de configuration tuteur.config.json.',
  'admin.status.modelName': 'Modèle',
  'admin.status.contextSize': 'Taille du contexte',
  'admin.status.parallel': 'Réponses simultanées',
  'admin.status.message': 'Détail',
  'admin.status.tokens': '{count} jetons',

  'admin.schools.title': 'Établissements',
  'admin.schools.empty': 'Aucun établissement pour le moment.',
  'admin.schools.uai': 'Code UAI',
  'admin.schools.uaiHint': '7 chiffres suivis d’une lettre, par exemple 0691234A.',
  'admin.schools.name': 'Nom',
  'admin.schools.create': 'Ajouter l’établissement',
  'admin.schools.createTitle': 'Nouvel établissement',
  'admin.schools.created': 'Établissement « {name} » ajouté.',

  'admin.classes.title': 'Classes',
  'admin.classes.empty': 'Aucune classe pour le moment.',
  'admin.classes.school': 'Établissement',
  'admin.classes.name': 'Nom de la classe',
  'admin.classes.nameHint': 'Par exemple 4e B ou 2nde 3.',
  'admin.classes.level': 'Niveau',
  'admin.classes.create': 'Ajouter la classe',
  'admin.classes.createTitle': 'Nouvelle classe',
  'admin.classes.created': 'Classe « {name} » ajoutée.',
  'admin.classes.needSchool': 'Ajoutez d’abord un établissement.',
  'admin.classes.chooseSchool': 'Choisir un établissement',

  'admin.users.title': 'Comptes',
  'admin.users.empty': 'Aucun compte pour le moment.',
  'admin.users.login': 'Identifiant',
  'admin.users.loginHint': 'Lettres sans accent, chiffres et . _ @ -',
  'admin.users.displayName': 'Nom affiché',
  'admin.users.role': 'Rôle',
  'admin.users.school': 'Établissement',
  'admin.users.noSchool': 'Aucun (compte académique)',
  'admin.users.classes': 'Classes',
  'admin.users.noClasses': 'Aucune classe dans cet établissement.',
  'admin.users.password': 'Mot de passe initial',
  'admin.users.passwordHint': '12 caractères au minimum. Transmettez-le à la personne de façon sûre.',
  'admin.users.generate': 'Générer un mot de passe',
  'admin.users.status': 'État',
  'admin.users.active': 'Actif',
  'admin.users.disabled': 'Désactivé',
  'admin.users.disable': 'Désactiver',
  'admin.users.enable': 'Réactiver',
  'admin.users.disableLabel': 'Désactiver le compte {login}',
  'admin.users.enableLabel': 'Réactiver le compte {login}',
  'admin.users.disabledDone': 'Compte {login} désactivé : ses sessions ouvertes ont été fermées.',
  'admin.users.enabledDone': 'Compte {login} réactivé.',
  'admin.users.create': 'Créer le compte',
  'admin.users.createTitle': 'Nouveau compte',
  'admin.users.created': 'Compte « {login} » créé. Mot de passe initial à lui transmettre : {password}',
  'admin.users.you': '(vous)',

  'level.6e': '6e',
  'level.5e': '5e',
  'level.4e': '4e',
  'level.3e': '3e',
  'level.2nde': '2nde',
  'level.1re': '1re',
  'level.terminale': 'Terminale',

  'form.required': 'Ce champ est obligatoire.',
  'form.saving': 'Enregistrement…',
  'form.optional': 'facultatif',

  'markdown.imageAlt': '[image : {alt}]',
} as const;

export type MessageKey = keyof typeof fr;

/** Names between braces in a message, e.g. 'Tu es {position}' → 'position'. */
type ParamNames<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;
type ParamsOf<K extends MessageKey> = Record<ParamNames<(typeof fr)[K]>, string | number>;

/** The French text of `key`, with its `{name}` placeholders replaced; the compiler checks the parameters. */
export function t<K extends MessageKey>(
  key: K,
  ...params: ParamNames<(typeof fr)[K]> extends never ? [] : [ParamsOf<K>]
): string {
  const template: string = fr[key];
  const values = params[0] as Record<string, string | number> | undefined;
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** Looks up a key built at run time (e.g. a subject code from the server); undefined when the catalogue lacks it. */
export function tMaybe(key: string): string | undefined {
  return Object.hasOwn(fr, key) ? fr[key as MessageKey] : undefined;
}

/** French ordinal for a rank: 1er, 2e, 3e… */
export function ordinalFr(n: number): string {
  return n === 1 ? '1er' : `${n}e`;
}

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short' });

/** Formats an API timestamp (milliseconds since the epoch; seconds are accepted too) in French. */
export function formatDateTime(timestamp: number): string {
  const ms = timestamp < 1e11 ? timestamp * 1000 : timestamp;
  return dateTime.format(new Date(ms));
}

const numbers = new Intl.NumberFormat('fr-FR');
export function formatNumber(n: number): string {
  return numbers.format(n);
}
