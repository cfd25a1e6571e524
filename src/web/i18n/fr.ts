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
  'conversations.creating': 'Création…',
  'conversations.subject': 'Matière (facultatif)',
  'conversations.subjectNone': 'Aucune matière précise',
  'conversations.empty': 'Tu n’as pas encore de conversation. Commence-en une !',
  'conversations.listLabel': 'Conversations précédentes',
  'conversations.updated': 'Modifiée le {date}',
  'conversations.untitled': 'Conversation sans titre',
  'conversations.assignment': 'Devoir : {title}',
  'conversations.assignmentUnknown': 'Devoir',

  'home.title': 'Mes devoirs',
  'home.assignments': 'Devoirs ouverts au tuteur',
  'home.noAssignments': 'Aucun devoir n’est ouvert au tuteur pour le moment : tes professeurs les ouvrent quand ils le souhaitent.',
  'home.openUntil': 'Ouvert au tuteur jusqu’au {date}',
  'home.statement': 'Voir l’énoncé',
  'home.chooseMode': 'Comment veux-tu être aidé·e ?',
  'home.mode': 'Mode : {mode}',
  'home.start': 'Commencer',
  'home.freeTitle': 'Poser une question hors devoir',
  'home.freeIntro': 'Pour réviser une notion du cours en dehors d’un devoir.',
  'home.freeStart': 'Poser une question hors devoir',

  'mode.guidage.pupil': 'Le tuteur te pose des questions et te donne des indices, sans jamais te donner la réponse.',
  'mode.explication.pupil': 'Le tuteur t’explique une notion du cours avec un autre exemple que ton exercice.',
  'mode.verification.pupil': 'Tu proposes ta réponse ; le tuteur te dit ce qui est juste et où regarder à nouveau.',
  'mode.guidage.teacher': 'Questions et indices progressifs, sans jamais la réponse finale ni la solution complète.',
  'mode.explication.teacher': 'Explique une notion du cours avec un exemple différent de l’exercice.',
  'mode.verification.teacher': 'L’élève soumet sa réponse ; le tuteur dit ce qui est juste et où revoir, sans la réécrire.',

  'tutor.statusUnknown': 'L’état du tuteur n’a pas pu être vérifié pour le moment.',
  'tutor.unavailable': 'Le tuteur n’est pas disponible pour l’instant',
  'tutor.liveUntil': 'Séance en cours jusqu’à {time}',
  'tutor.quotaDay': 'Il te reste {count} messages aujourd’hui',
  'tutor.quotaDayOne': 'Il te reste 1 message aujourd’hui',
  'tutor.quotaWeek': 'Il te reste {count} messages cette semaine',
  'tutor.quotaWeekOne': 'Il te reste 1 message cette semaine',
  'tutor.quotaDayUsed': 'Tu as utilisé tous tes messages d’aujourd’hui : le tuteur sera de nouveau disponible demain.',
  'tutor.quotaWeekUsed': 'Tu as utilisé tous tes messages de la semaine : le tuteur sera de nouveau disponible lundi.',

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
  'chat.mode': 'Mode : {mode}',
  'chat.statement': 'Voir l’énoncé du devoir',

  'staff.title': 'Bienvenue, {name}',
  'staff.soon':
    'Les fonctionnalités prévues pour votre rôle ({role}) arrivent bientôt dans Tuteur. En attendant, cette page n’affiche aucune donnée.',
  'staff.contact': 'Pour toute question, adressez-vous à l’administrateur de votre établissement.',

  'admin.title': 'Administration',
  'admin.intro': 'Établissements, classes, comptes, réglages et état du modèle de langue.',
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

  'admin.settings.title': 'Réglages',
  'admin.settings.intro':
    'Règles d’usage du tuteur dans l’établissement : cadre d’usage de l’IA en éducation (valeurs par défaut), horaires d’aide aux devoirs, vacances et quotas.',
  'admin.settings.school': 'Établissement',
  'admin.settings.chooseSchool': 'Choisissez un établissement pour voir ses réglages.',
  'admin.settings.default': 'Valeur par défaut',
  'admin.settings.custom': 'Modifié par l’établissement',
  'admin.settings.current': 'Valeur actuelle :',
  'admin.settings.empty': '(aucune)',
  'admin.settings.save': 'Enregistrer',
  'admin.settings.saved': 'Enregistré.',

  'teacher.title': 'Mes devoirs et mes classes',
  'teacher.intro':
    'Ouvrez vos devoirs au tuteur, suivez leur usage (des nombres, jamais les échanges des élèves) et animez vos séances.',
  'teacher.sectionsLabel': 'Sections de la page',
  'teacher.noClasses':
    'Vous n’êtes rattaché·e à aucune classe : demandez à l’administrateur de votre établissement de vous y inscrire.',
  'teacher.assignments.title': 'Devoirs',
  'teacher.assignments.new': 'Nouveau devoir',
  'teacher.assignments.intro':
    'Un devoir ouvert au tuteur est proposé aux élèves de ses classes entre son ouverture et sa fermeture.',
  'teacher.assignments.created': 'Devoir « {title} » ouvert au tuteur.',
  'teacher.assignments.updated': 'Devoir « {title} » enregistré.',
  'teacher.assignments.empty': 'Vous n’avez pas encore ouvert de devoir au tuteur.',
  'teacher.assignments.otherClass': 'autre classe',
  'teacher.assignments.classes': 'Classes',
  'teacher.assignments.opens': 'Ouverture',
  'teacher.assignments.closes': 'Fermeture',
  'teacher.assignments.modes': 'Modes',
  'teacher.assignments.tutor': 'Tuteur pour ce devoir',
  'teacher.assignments.edit': 'Modifier',
  'teacher.assignments.closeNow': 'Fermer maintenant',
  'teacher.phase.upcoming': 'À venir',
  'teacher.phase.open': 'Ouvert',
  'teacher.phase.closed': 'Fermé',
  'teacher.usage.title': 'Usage (des nombres, jamais les échanges)',
  'teacher.usage.pupils': 'Élèves',
  'teacher.usage.conversations': 'Conversations',
  'teacher.usage.messages': 'Messages d’élèves',
  'teacher.switch.on': 'Actif',
  'teacher.switch.off': 'En pause',
  'teacher.classes.title': 'Classes et séances',
  'teacher.classes.intro':
    'Selon les réglages de l’établissement (par défaut en 4e et en 3e), des élèves n’utilisent le tuteur que pendant une séance ouverte par un enseignant.',
  'teacher.classes.empty': 'Aucune classe.',
  'teacher.classTutor.title': 'Tuteur de la classe',
  'teacher.classTutor.help':
    'Pendant une évaluation, par exemple. La pause arrête aussitôt les réponses en cours, et les élèves voient pourquoi.',
  'teacher.classTutor.pause': 'Mettre en pause',
  'teacher.classTutor.resume': 'Réactiver',
  'teacher.classTutor.pausedAt': 'Tuteur mis en pause pour la classe à {time}.',
  'teacher.classTutor.resumedAt': 'Tuteur réactivé pour la classe à {time}.',
  'teacher.live.title': 'Séance',
  'teacher.live.none': 'Aucune séance en cours.',
  'teacher.live.running': 'Séance en cours jusqu’à {time}',
  'teacher.live.end': 'Terminer la séance',
  'teacher.live.start': 'Ouvrir une séance',
  'teacher.live.duration': 'Durée (minutes)',
  'teacher.live.durationInvalid': 'Indiquez une durée entière entre {min} et {max} minutes.',
  'teacher.live.pupils': 'Élèves actifs pendant la séance : {count}',
  'teacher.live.noPupils': 'Aucun élève n’a encore écrit au tuteur pendant cette séance.',
  'teacher.live.lastMessage': 'dernier message à {time}',
  'teacher.live.refreshed': 'Actualisé à {time}',

  'assignmentForm.newTitle': 'Nouveau devoir',
  'assignmentForm.editTitle': 'Modifier « {title} »',
  'assignmentForm.title': 'Titre',
  'assignmentForm.subject': 'Matière',
  'assignmentForm.chooseSubject': 'Choisir une matière',
  'assignmentForm.statement': 'Énoncé',
  'assignmentForm.statementHint': 'Le texte de l’exercice, tel que les élèves le liront. Formules en LaTeX entre $ et $.',
  'assignmentForm.expectedAnswer': 'Réponse attendue',
  'assignmentForm.expectedAnswerHint':
    'Jamais montrée aux élèves : elle sert à vérifier que le tuteur ne la donne pas en mode Guidage.',
  'assignmentForm.modes': 'Modes autorisés',
  'assignmentForm.classes': 'Classes',
  'assignmentForm.opensAt': 'Ouverture',
  'assignmentForm.closesAt': 'Fermeture',
  'assignmentForm.zoneHint': 'Heure de votre appareil ({zone}).',
  'assignmentForm.create': 'Ouvrir le devoir au tuteur',
  'assignmentForm.save': 'Enregistrer',
  'assignmentForm.cancel': 'Annuler',
  'assignmentForm.modesRequired': 'Choisissez au moins un mode.',
  'assignmentForm.classesRequired': 'Choisissez au moins une classe.',
  'assignmentForm.dateInvalid': 'Date invalide.',
  'assignmentForm.closesBeforeOpens': 'La date de fermeture doit suivre la date d’ouverture.',

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
  'form.tooLong': '{max} caractères au maximum.',

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

const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });
const timeWithSeconds = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** "14:05" in the browser's zone, for times of the current day (end of a séance, last message). */
export function formatTime(timestamp: number): string {
  return time.format(new Date(timestamp));
}

export function formatTimeWithSeconds(timestamp: number): string {
  return timeWithSeconds.format(new Date(timestamp));
}

const numbers = new Intl.NumberFormat('fr-FR');
export function formatNumber(n: number): string {
  return numbers.format(n);
}
