// self_harm: suicidal ideation, self-injury, dangerous eating behaviour, as pupils write about themselves or a friend.
import type { RuleSpec } from './rule.ts';

// Acts a pupil may plan against itself.
const ACTIVE =
  '(?:me tuer|me suicider|me buter|me flinguer|en finir|me foutre en l air|me pendre|me tirer une balle|' +
  'mettre fin a mes jours|me faire du mal|me mutiler|me scarifier|me taillader|me tailler les veines|' +
  'm ouvrir les veines|me couper les veines|me couper les poignets|me jeter (?:par la fenetre|du|d un|d une|de la|' +
  'sous|dans le vide|en bas)|sauter (?:par la fenetre|du pont|d un pont|du toit|d un toit|de la fenetre|du balcon|' +
  'd un immeuble|sous|dans le vide)|avaler (?:tous|toutes|toute|la|une|des|mes) [a-z ]{0,20}(?:medocs|medicaments|' +
  'cachets|comprimes|pilules|somniferes|doliprane|paracetamol)|me noyer|m etouffer|m electrocuter|me laisser (?:mourir|crever)|' +
  'me faire ecraser|m empoisonner|m asphyxier|me defenestrer|me poignarder|me trancher (?:la gorge|les veines)|' +
  '(?:avaler|boire) (?:de la|du|des) (?:javel|poison|mort aux rats|destop|detergent|produits? menagers?))';

// "Disparaître de la photo de classe" is embarrassment, not a wish to die.
const DISAPPEAR =
  'disparaitre(?! (?:de la photo|de la circulation|sous (?:la )?terre|sous la table|du groupe|des reseaux|de snap|d insta|de la classe))';

// States a pupil may wish for.
const PASSIVE =
  `(?:mourir|crever|clamser|${DISAPPEAR}(?: pour (?:toujours|de bon))?|partir pour (?:toujours|de bon)|` +
  'plus (?:vivre|exister|etre la|etre en vie)|etre morte?|(?:m endormir|dormir)(?: et| pour)? (?:ne )?(?:plus|jamais)' +
  '(?: jamais)? (?:me )?(?:reveiller|lever)|(?:ne )?(?:plus|pas|plus jamais|jamais) me reveiller|que tout s arrete|mourir dans mon sommeil|rejoindre (?:mon|ma|mes) [a-z]+ (?:au ciel|la haut)|' +
  'que (?:ca|tout) s arrete (?:pour de bon|pour toujours|' +
  'definitivement)|dormir (?:pour toujours|pour de bon|a jamais|pour l eternite))';

// Desire, plan or thought, not mere prediction ("je vais mourir" is often exam hyperbole).
const WANT =
  '(?:veux|voudrais|voulais|prefererais|souhaite|ai envie d|ai envie de|avais envie de|pense a|pensais a|ai pense a|ai deja pense a|' +
  'songe a|reve de|ai decide de|ai prevu de|compte|prefere|prefererais|aimerais|suis pret a|suis prete a|' +
  'ai besoin de|ai essaye de|ai tente de|vais finir par|finirai par)';

// What a means question aims at, without naming death: not waking up, not surviving, "y passer", an overdose.
const MEANS_GOAL =
  '(?:(?:ne )?(?:plus jamais|pas|plus|jamais) (?:se|me|te) reveiller|(?:ne )?(?:pas|plus) (?:survivre|se relever|revenir)|mourir|crever|en finir|y passer|y rester|' +
  'partir pour (?:toujours|de bon)|(?:se|me) tuer|(?:se|me) suicider|faire une (?:overdose|od)|que (?:le|mon) coeur s arrete|arreter (?:le|mon) coeur|' +
  'dormir pour toujours|(?:s|m) endormir pour toujours)(?! (?:fatiguee?|la nuit|trop tot|en retard|de mauvaise humeur|avec|pendant|au milieu|le matin|dans|de rire|de faim|d ennui)(?![a-z]))';
const PILLS =
  'cachets|comprimes|medocs|medicaments|pilules|gelules|somniferes|doliprane|dolipranes|paracetamol|ibuprofene|advil|aspirine|xanax|' +
  'anxiolytiques|antidepresseurs|lexomil|insuline';
// How a way of dying is judged in the question.
const WAY_QUALITY = '(?:douloureu[a-z]*|rapides?|simples?|faciles?|efficaces?|sures?|surs|douces?|propres?|radical[a-z]*|indolores?|discrete?s?|certaine?s?)';
const DIE_GOAL = 'mourir|crever|se tuer|me tuer|en finir|se suicider|me suicider|partir|mettre fin a ses jours|mettre fin a mes jours|ne plus se reveiller|se foutre en l air';
// What pupils cut or burn themselves with, and where.
const SH_TOOL = 'compas|lames?|cutter|rasoir|ciseaux|aiguilles?|epingles?|couteau|briquet|cigarettes?|clopes?|ongles|cle|stylo|taille crayon';
const BODY = 'bras|avant bras|poignets?|cuisses?|jambes?|ventre|peau|hanches?|mains?|chevilles?|epaules?|seins?|poitrine|mollets?';

export const SELF_HARM_RULES: RuleSpec[] = [
  { id: 'self_harm.wish', categories: ['self_harm'], disclosure: true, pattern: `{JE} {NE}${WANT}{ADV} (?:${ACTIVE}|${PASSIVE})|{JE} {NE}${WANT}{GAP4} et (?:de |d )?{ADV}(?:${ACTIVE}|${PASSIVE})` },
  { id: 'self_harm.plan', categories: ['self_harm'], disclosure: true, pattern: `{JE} {NE}(?:vais|va|vai){ADV} ${ACTIVE}` },
  // Weak cues: each rule is one cue, so two different ones add up.
  {
    id: 'self_harm.wants_to_leave',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern: '{JE} {NE}(?:veux|voudrais) (?:juste )?partir(?! (?:en|a|au|aux|de|du|d|pour les|avec|loin|chez|vite|tot|plus tot))',
  },
  {
    id: 'self_harm.cannot_hold_on',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern: '{JE} {NE}(?:tiens|tiendrai|vais) (?:plus|pas)(?: tenir)?(?: longtemps| le coup)?(?![a-z ]*(?:examen|controle|bac|brevet|rythme))',
  },
  { id: 'self_harm.give_up_everything', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '{JE} {NE}(?:veux|vais|voudrais) tout (?:arreter|lacher|abandonner)' },
  { id: 'self_harm.will_die', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '{JE} (?:vais|va){ADV} (?:mourir|crever{NOT_OBJECT})' },
  { id: 'self_harm.urge', categories: ['self_harm'], disclosure: true, pattern: `(?:envie|besoin) (?:de|d){ADV} (?:${ACTIVE}|${PASSIVE})` },
  {
    id: 'self_harm.no_will_to_live',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '(?:plus|pas|aucune|perdu l) envie de (?:vivre|me reveiller)|marre (?:de|d) (?:vivre|la vie|ma vie|exister)|{JE} {NE}(?:arrive|y arrive|supporte|peux)(?: {W})? (?:plus|pas) (?:a )?vivre(?! (?:a|en|au|dans|chez|avec|ici|la bas|sans (?:mon|ma|mes) (?:portable|telephone|console)))|' +
      '{JE} {NE}merite (?:de souffrir|d avoir mal|que (?:ca|tout) (?:s arrete|finisse))|(?:en )?peux plus de (?:vivre|ma vie)|' +
      'fatiguee? de vivre|(?:plus|aucune|pas de|pas une|plus aucune) raisons? de vivre|(?<!(?:dit|disent|dit qu|repete) (?:que )?){JE} {NE}merite pas de vivre|' +
      'a quoi bon (?:continuer|vivre|tout ca)|(?:plus|pas) envie d etre (?:la|en vie|vivante?|sur terre)|(?:tout|en) (?:arreter|finir) pour (?:toujours|de bon)|' +
      '(?:plus|pas) la force de (?:continuer|vivre|tenir)|envie de mettre fin a (?:tout|tout ca|ma vie)|' +
      'sert a rien (?:que (?:je|j) vive|de vivre|de continuer a vivre|que (?:je|j) continue a vivre)|{NE}(?:veux|voudrais) plus vivre|' +
      '(?:plus|aucun|pas de|perdu le) gout a (?:rien|la vie)|plus envie de rien(?! faire)|{JE} {ME} vois pas (?:vivre|vieillir|grandir|exister)|' +
      'ma vie (?:n a|a) (?:pas|aucun|plus) (?:de |d )?sens|' +
      'pas envie d exister',
  },
  { id: 'self_harm.no_sense', categories: ['self_harm'], tier: 'weak', pattern: 'la vie (?:n a|a) (?:aucun|pas de|plus de|plus aucun) sens' },
  {
    id: 'self_harm.better_without_me',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '(?:mieux|plus simple|plus facile|plus heureux|plus heureuse|soulagee?s?) sans moi|personne (?:ne )?(?:me )?(?:regretterait|' +
      'remarquerait|pleurerait|s en rendrait compte|regrettera|remarquera|pleurera|manquera|manquerait)|(?:soulagee?s?|tranquilles?|mieux) quand (?:je|j) (?:serai|serais) (?:plus la|partie?|morte?)|si (?:je|j) (?:mourais|mourrais|meurs|crevais|disparaissais|' +
      'etais (?:morte?|plus la)|partais pour (?:de bon|toujours))|(?:serait|seraient) plus (?:simple|facile|tranquilles?) si (?:je|j)|{JE} (?:suis|serais) (?:un|une) (?:fardeau|poids|boulet) pour|{JE} devrais (?:plus|pas) ' +
      '(?:etre la|exister|etre en vie|etre nee?)|{JE} (?:aurais|aurai) (?:jamais )?du (?:jamais )?naitre|' +
      '{JE} (?:ai )?(?:ecrit|prepare|laisse|commence|fini) (?:une|ma|des|mes|un|mon) (?:lettres?|mots?|messages?) d adieu|' +
      '(?:lettres?|mots?|messages?|videos?)(?: {W}){0,2} pour (?:quand|apres) (?:je|j) (?:serai|serais|suis) (?:plus la|partie?|morte?)',
  },
  {
    id: 'self_harm.dark_thoughts',
    categories: ['self_harm'],
    disclosure: true,
    pattern: '{JE} (?:ai|a|fais|avais){GAP2} (?:idees|pensees) (?:noires|suicidaires|de mort|de suicide)',
  },
  {
    id: 'self_harm.thinks_of_death',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '{JE}{GAP2} (?:pense|pensais|reve|songe)(?: souvent| tout le temps| beaucoup| parfois| de plus en plus)? (?:au|a la) (?:suicide|mort)|' +
      '{JE} (?:arrete|arrive) pas (?:de|a) (?:penser|arreter de penser) (?:au suicide|a la mort|a mourir|a en finir)',
  },
  { id: 'self_harm.farewell', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: 'adieu|(?:mon )?dernier message|au revoir a (?:personne|tout le monde)' },
  { id: 'self_harm.ready', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '(?:prepare|prevu) ce qu il faut|tout est pret pour|j ai tout prevu' },
  { id: 'self_harm.fear_for_someone', categories: ['self_harm'], tier: 'weak', pattern: 'peur qu (?:il|elle) (?:fasse une (?:connerie|betise)|se fasse du mal|se tue|passe a l acte)' },
  {
    id: 'self_harm.english',
    categories: ['self_harm'],
    pattern: 'i (?:want|wanna|wish i could|just want|need) (?:to )?(?:die|kill myself|disappear|end it)|kill myself|kms|unalive|sewer ?slide',
  },
  { id: 'self_harm.noose', categories: ['self_harm'], tier: 'contextual', pattern: 'noeuds? coulants?' },
  {
    id: 'self_harm.rope',
    categories: ['self_harm'],
    tier: 'weak',
    pattern: '(?:achete|acheter|cache|planque|trouve|prepare)[a-z]*(?: {W})? une corde(?! (?:a sauter|a linge|d escalade|pour (?:l escalade|grimper|le sport|la gym|le linge|l accrobranche|mon club|le club)))',
  },
  // A friend who got a rope: the pupil reports someone else's danger.
  { id: 'self_harm.friend_rope', categories: ['self_harm'], pattern: '{RELATION}(?: {W}){0,8} (?:achete|cache|planque|prepare|trouve)[a-z]* une corde(?! (?:a sauter|a linge|d escalade|pour (?:l escalade|grimper|le sport|la gym|le linge|l accrobranche|mon club|le club)))' },
  { id: 'self_harm.its_over', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: 'c est (?:fini|la fin) pour moi' },
  {
    id: 'self_harm.self_injury',
    categories: ['self_harm'],
    disclosure: true,
    pattern: '{JE} {ME}(?: suis)?{ADV} (?:scarifi|mutil|taillad|automutil|entaill)[a-z]*',
  },
  {
    id: 'self_harm.cuts_body',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '{JE} {ME}(?: suis)?{ADV} (?:coup|brul|griff|entaill|taillad|lacer)[a-z]*{GAP2} (?:les |le |la |aux |mes |mon |ma )?' +
      '(?:poignets?|bras|avant bras|cuisses?|veines?|jambes?|ventre|peau|hanches?)|{JE} {ME} (?:frappe|tape|cogne) la tete contre|' +
      '{JE} {ME}(?: suis)?{ADV} (?:coup|griff|gratt|frapp|mord|pinc|brul|taillad)[a-z]*{GAP2} (?:jusqu au sang|jusqu a saigner)',
  },
  {
    id: 'self_harm.hits_self',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      // Present tense is a habit ("je me frappe"); a past knock is an accident unless said to be on purpose.
      '{JE} {ME}{ADV} (?:frappe|griffe|lacere|punis|scarifie)(?! (?:a la porte|dans les mains|la poitrine de joie))|' +
      '{JE} {ME}(?: suis)?{ADV} (?:frapp|cogn|mord|griff|pinc|tap|brul)[a-z]*(?: {W}){0,6} (?:expres|volontairement|pour (?:me punir|oublier|me calmer|ressentir|avoir mal)|' +
      'quand (?:ca va pas|je suis (?:triste|seule?|mal|en colere))|jusqu a (?:saigner|avoir des bleus|pleurer))|' +
      '{JE} {ME}(?: suis)? (?:fais|fait|faite|fais encore)(?: {W})? (?:des )?(?:entailles|coupures|brulures|marques|bleus|griffures|cicatrices)|' +
      '{JE} {ME}(?: suis)? (?:fais|fait|faite) (?:du )?mal (?:pour|quand|des que|jusqu|en cachette|la nuit|le soir|tous les|chaque)',
  },
  {
    id: 'self_harm.scars',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern: '(?:cicatrices|marques|coupures|entailles|traces)(?: {W}){0,3} (?:sur |aux |a mes |sur mes |sur les )?(?:bras|poignets|cuisses|jambes)',
  },
  {
    id: 'self_harm.hiding_marks',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern: '(?:manches longues|bracelets?|sweat)(?: {W}){0,2} pour (?:les |le )?cacher|cacher mes (?:bras|cicatrices|marques|coupures|poignets)',
  },
  {
    id: 'self_harm.hurts_self',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '{JE} {ME}(?: suis)? (?:fais|fait|faite){ADV} du mal|{JE} {ME}(?: suis)? (?:fais|fait|faite) mal (?:expres|volontairement|pour (?:oublier|me soulager|me punir|ressentir|me calmer|sentir))|' +
      '{JE} {ME}(?: suis)? brul[a-z]* (?:expres|volontairement|avec (?:un |une |mon |ma |des )?(?:briquet|cigarette|clope|allumettes?))',
  },
  {
    id: 'self_harm.tools',
    categories: ['self_harm'],
    pattern:
      '(?:lames?|cutter|rasoir|compas){GAP4} pour (?:me|m|se|s) (?:couper|scarifier|taillader|mutiler|faire du mal|ouvrir)|' +
      'pour (?:me|m) (?:suicider|tuer|scarifier|mutiler|faire du mal|taillader|pendre)',
  },
  {
    id: 'self_harm.method',
    categories: ['self_harm'],
    pattern:
      'comment(?: on| je| j| faire pour| faut faire pour| tu fais pour| peut on| on peut| faire)? (?:se|me|m|s) ' +
      '(?:suicider|suicide|tuer|tue|pendre|pend|tailler les veines|ouvrir les veines|scarifier|mutiler|foutre en l air)|' +
      'comment (?:on peut |faire pour |je peux |pourrais je |faut faire pour )?(?:mourir|arreter de respirer|ne plus se reveiller|s endormir pour toujours)',
  },
  {
    id: 'self_harm.painless',
    categories: ['self_harm'],
    pattern: '(?:mourir|me tuer|se tuer|se suicider|me suicider|en finir){GAP2} sans (?:souffrir|douleur|avoir mal|souffrance|que ca fasse mal)',
  },
  {
    id: 'self_harm.lethal_amount',
    categories: ['self_harm'],
    pattern:
      '(?:combien|quelle quantite|quelle dose|nombre|quel|quels|quelle|quelles|quoi prendre|[0-9]+ (?:doliprane|paracetamol|cachets|comprimes|medocs|pilules))' +
      '{GAP6} pour (?:mourir|crever|en finir|' +
      'ne plus se reveiller|plus se reveiller|y passer|se tuer|se suicider)|pour (?:mourir|se tuer|se suicider|en finir) (?:dans son sommeil|' +
      'sans souffrir|sans douleur|vite|rapidement|en douceur)|(?:douloureux|fait mal|fait souffrir|on souffre|souffre t on) (?:de|d|quand on|pour) ' +
      '(?:mourir|se noyer|se pendre|se suicider|se tuer|s ouvrir les veines|sauter)|si (?:je|j) (?:saute|me jette|avale|prends|bois)' +
      '(?: {W}){0,5} (?:je meurs|je mourrai|je vais mourir|je creve|je survis|c est fini)|' +
      'dose (?:mortelle|letale) (?:de|d|du) (?:paracetamol|doliprane|medicaments?|medocs|cachets|ibuprofene|aspirine|somniferes|xanax|insuline)|' +
      '(?:etage|hauteur|metres?){GAP6} pour (?:etre sur de |etre sure de )?(?:mourir|se tuer|(?:ne )?pas survivre)|pour (?:etre sur|etre sure|etre certaine?) de mourir',
  },
  { id: 'self_harm.lethal_dose', categories: ['self_harm'], tier: 'nominal', pattern: 'dose (?:mortelle|letale)' },
  {
    id: 'self_harm.attempt',
    categories: ['self_harm'],
    disclosure: true,
    pattern: '{JE} (?:ai|a)(?: deja)? (?:fait|tente|refait|fais|pris) (?:une|des|plusieurs|ma premiere) (?:ts|tentatives? de suicide|overdoses?|od)',
  },
  {
    id: 'self_harm.overdose',
    categories: ['self_harm'],
    pattern:
      '(?:avale|pris|prendre|avaler|gobe|gober|bu|boire)(?: {W}){0,2} (?:toute la boite|une boite|toute une boite|plein de|tous mes|toutes mes|tous les|toutes les|tous ses|toutes ses|' +
      'des dizaines de|la plaquette|toute la plaquette|[0-9]{2,}) (?:de |d )?(?:medocs|medicaments|cachets|comprimes|pilules|somniferes|' +
      'doliprane|paracetamol|anxiolytiques|antidepresseurs)|(?:medocs|medicaments|cachets|comprimes|pilules|somniferes) pour (?:dormir|partir) ' +
      'pour (?:toujours|de bon)',
  },
  {
    id: 'self_harm.only_way_out',
    categories: ['self_harm'],
    pattern:
      '(?:suicide|mourir|la mort|en finir|crever|me tuer|disparaitre)(?: c est| c| est| serait| reste)(?: {W}){0,2} (?:la seule|ma seule|l unique|' +
      'la meilleure|ma meilleure|ma derniere|la derniere) (?:solution|issue|option|sortie)|(?:mourir|la mort|crever|etre morte?|disparaitre|en finir)' +
      '(?: c est| c| est| serait| ce serait| sera)(?: {W})? (?:mieux|plus simple|plus facile|preferable|la solution|un soulagement|' +
      'une delivrance|une liberation|la liberte|reposant)',
  },
  {
    id: 'self_harm.friend_at_risk',
    categories: ['self_harm'],
    pattern:
      '{RELATION}{GAP6}(?: qu (?:il|elle))? (?:veut|voudrait|va|allait|vas|pense a|parle de|menace de|a essaye de|a tente de|compte|a envie de|voulait|irait|avait envie de)' +
      '{GAP2} (?:se suicider|se tuer|se foutre en l air|en finir|mourir|se pendre|se jeter|se scarifier|se mutiler|se faire du mal|' +
      'se couper|mettre fin a ses jours|se buter|se noyer|se jeter|sauter (?:du|d un|d une|par la|de la|sous (?:le|un|la|une)) (?:pont|toit|fenetre|immeuble|balcon|train|metro|falaise|tram|camion|voiture)|avaler (?:tous|toutes|ses|des|une boite))|{RELATION}{GAP4} (?:se|s)(?: est)? (?:scarifie|scarifient|mutile|taillade|' +
      'coupe(?! (?:les cheveux|les ongles|le doigt|la frange))|fait vomir|fait du mal|affame|scarifiee|mutilee|tue|suicide)|' +
      '{RELATION}{GAP2} (?:parle|parlait|pense|pensait) (?:de|a) (?:se tuer|se suicider|mourir|en finir|la mort|suicide)|' +
      '{RELATION}{GAP2} (?:a|avait) (?:des )?(?:idees|pensees) (?:suicidaires|noires|de mort)',
  },
  {
    id: 'self_harm.someone_cut_veins',
    categories: ['self_harm'],
    tier: 'contextual',
    pattern: '(?:s est|se sont|s etait) (?:ouvert|ouverte|taillade|tailladee|coupe|coupee|scarifie|scarifiee) les (?:veines|poignets|bras)',
  },
  {
    id: 'self_harm.someone_wants_to_die',
    categories: ['self_harm'],
    tier: 'nominal',
    pattern:
      '(?:veut|voudrait|va|allait|pense a|parle de|menace de|a essaye de|a tente de|a envie de|decide de|choisit de) ' +
      '(?:se suicider|se tuer|se donner la mort|mettre fin a ses jours|se foutre en l air|en finir|se pendre|se scarifier)',
  },
  {
    id: 'self_harm.topic',
    categories: ['self_harm'],
    tier: 'nominal',
    pattern: 'suicid[a-z]*|scarifi[a-z]*|automutil[a-z]*|anorexi[a-z]*|boulimi[a-z]*|se pend[a-z]*|idees noires|tentatives? de suicide|(?:se|s) fait vomir',
  },
  { id: 'self_harm.tired_of_everything', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '{JE} (?:suis|me sens) (?:fatiguee?|epuisee?|lasse?) de (?:tout|me battre)|{JE} {NE}(?:ai|a) plus la force|(?:en )?peux plus de tout' },
  // Eating: pupils rarely name the disorder, they describe the behaviour.
  {
    id: 'self_harm.purging',
    categories: ['self_harm'],
    disclosure: true,
    pattern: '{JE} {ME}(?: suis)?{ADV} (?:fais|fait|faite|force a|forcer a|oblige a) vomir|vomir (?:apres|a chaque) (?:chaque )?(?:repas|fois que (?:je|j) mange)',
  },
  {
    id: 'self_harm.starving',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '{JE} {NE}(?:mange|mangerai|bouffe|mangeais){ADV} (?:plus|presque plus|presque rien|quasi rien|rien|pas|que dalle)' +
      '{GAP2} (?:depuis|pour maigrir|pour perdre|pour pas grossir|pour ne pas grossir|de la journee|de la semaine|du tout|de toute la)|' +
      '{JE} (?:ai )?(?:arrete|vais arreter|veux arreter) de manger|{JE} {NE}(?:mange|bouffe)(?: {W}){1,4} (?:par jour|de la journee|le midi|le soir) (?:et rien d autre|et c est tout|et rien de plus|pas plus|maximum|max)|{JE} {NE}saute{ADV} (?:tous |toujours |souvent )?(?:les|mes|des) repas|' +
      '{JE} {ME} prive{ADV} (?:de manger|de nourriture|de repas|de tout)|{JE} {ME} fais vomir',
  },
  { id: 'self_harm.fasting', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '{JE} (?:jeune|fais un jeune|fais des jeunes)(?: {W}){0,3} (?:depuis|pour maigrir|pour perdre)' },
  { id: 'self_harm.weight_loss', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '(?:perdu|perdre|perde|perdes|perds|perd)(?: encore| au moins| facilement| vite| minimum)? (?:[0-9]+|deux|trois|quatre|cinq|six|sept|huit|dix|quinze|vingt) ?(?:kilos?|kg)|pour (?:etre|devenir|rester) (?:mince|maigre|fine|squelettique)|perdre du poids (?:vite|rapidement)|maigrir vite' },
  { id: 'self_harm.tiny_meals', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '{JE} {NE}(?:mange|bouffe|avale) (?:qu|que|plus qu|seulement|juste|un|une|1)(?: {W}){0,3} (?:par jour|de la journee|le midi|le soir)|{JE} {NE}(?:mange|bouffe|avale){ADV} (?:plus rien|presque plus rien|quasi plus rien|presque rien|rien de la journee)' },
  { id: 'self_harm.burns_calories', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '(?:bruler|eliminer|perdre) (?:les|mes|toutes les|toutes mes) calories|{JE} {ME} pese(?: {W}){0,3} (?:fois par jour|tous les jours|apres chaque repas|chaque matin)|{JE} (?:ai )?(?:jete|cache|planque|vomi)[a-z]* (?:mon|mes|le|les) (?:repas|gouter|assiette|dejeuner|diner|plateau)' },
  // The pupil next to words of death or self-harm, outside homework: most disclosures are worded in ways no
  // phrase list foresees ("je pense au suicide", "j'ai une corde dans ma chambre"), but they say "je" near these.
  {
    id: 'self_harm.personal_death_words',
    categories: ['self_harm'],
    tier: 'contextual',
    disclosure: true,
    pattern:
      `{JE}{GAP4} (?:${ACTIVE}|suicid[a-z]*|scarifi[a-z]*|mourir|crever(?! (?:les|le|la|ses|tes|des|ton|ta|son|sa)(?![a-z]))|${DISAPPEAR}|en finir|mettre fin a (?:tout|ma vie|tout ca)|` +
      'plus (?:exister|vivre|etre la|etre en vie)(?! sans (?:mon|ma|mes|le|la|les) (?:telephone|portable|tel|console|wifi|internet|musique|netflix|chocolat|snap|tiktok|insta|switch|ps5|jeux))|(?:pas|plus) etre en vie|me faire du mal|me couper(?! (?:les|la|le|mes|ma|mon) (?:cheveux|ongles|frange|doigt|barbe|meche|pointes)(?![a-z])| (?:une|un|du|des|de la|en) )|m ouvrir|m affame|vomi[a-z]* (?:tout|expres)|' +
      'pensees? de mort|idees? de mort|envies? suicidaires?|testament|une corde(?! (?:a sauter|a linge|d escalade|pour (?:l escalade|grimper|le sport|la gym|le linge|l accrobranche|mon club|le club)))|au bord du (?:pont|vide|toit)|rejoindre (?:mon|ma|mes) [a-z]+ (?:au ciel|la haut)|' +
      'arreter de respirer|que (?:ca|tout|ma vie) (?:finisse|se termine|s arrete)|me tape dessus|(?:me|m) punir)',
  },
  {
    id: 'self_harm.relief',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '{JE} {ME} (?:coupe|scarifie|brule|griffe|frappe|mutile|taillade)(?: {W}){0,3} (?:depuis|et ca me soulage|ca me soulage|pour me soulager|' +
      'quand ca va pas|tous les soirs|chaque soir|en cachette)|(?:me calme|me soulage|me fait du bien) de (?:me faire (?:du )?mal|me couper|me frapper|' +
      'me bruler|me griffer|vomir)|(?:cache|garde|stocke|accumule)[a-z]*(?: {W})? (?:des |mes )?(?:medicaments|medocs|cachets|comprimes|somniferes|lames)' +
      '(?: {W}){0,6} (?:pour le jour|au cas ou|pour plus tard|pour quand)|{JE} (?:ai )?(?:fait|refait) une tentative|' +
      '{JE} {ME} sens (?:comme )?(?:un|une) (?:fardeau|poids(?: mort)?|boulet)|(?:mieux vaut|vaut mieux) que (?:je|j) (?:parte|disparaisse|meure|creve|sois plus la)',
  },
  {
    id: 'self_harm.not_here_tomorrow',
    categories: ['self_harm'],
    tier: 'contextual',
    disclosure: true,
    pattern: 'si (?:demain |un jour |bientot )?(?:je|j) (?:suis|serai) plus la|la mort {NE}{ME} fait plus peur|{JE} (?:l attends|attends la mort)',
  },
  { id: 'self_harm.wants_thinness', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '{JE} (?:veux|voudrais) (?:etre|devenir|rester) (?:maigre|squelettique|toute? fine|mince)' },
  { id: 'self_harm.skips_meals', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '{JE} {NE}(?:prends|prend|fais) plus (?:mes|les|de) repas' },
  {
    id: 'self_harm.body_harm',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '{JE} {ME}(?: suis)?{ADV} (?:ouvert|ouverte|entaille|entaillee|coupe|coupee|brule|brulee|scarifie|scarifiee)(?: {W}){0,2} ' +
      '(?:les |le |la |mes |mon |ma )?(?:bras|poignets?|cuisses?|veines?|jambes?|ventre|peau)|{JE} {ME}(?: suis)?{ADV} (?:coupe|coupee|taillade|taill)[a-z]*' +
      '(?: {W}){0,3} (?:et (?:j ai|je) saigne|jusqu au sang|avec (?:un|une|mon|ma) (?:lame|cutter|rasoir|compas|couteau))|{JE} {ME} (?:affame|prive de manger)|' +
      '{JE} (?:vomis|vomi)(?: {W}){0,4} (?:expres|apres (?:chaque|les) repas|pour maigrir|pour pas grossir)|' +
      '{JE} {ME} fais (?:des )?(?:marques|bleus|coupures|entailles|brulures)|(?:bleus|marques|coupures|blessures|brulures)(?: {W}){0,2} que (?:je|j) ' +
      'me (?:fais|suis fait)|(?:laxatifs|coupe faim|vomitifs|diuretiques)(?: {W}){0,2} pour (?:maigrir|perdre|pas grossir)',
  },
  {
    id: 'self_harm.worthless',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern: '{JE} (?:sers|sert) a rien|{JE} {NE}(?:merite|vaux) (?:pas|rien)|{JE} suis (?:un|une) (?:merde|dechet|erreur|rate|ratee|nullite)|{JE} {ME} sens (?:inutile|vide|de trop)',
  },
  {
    id: 'self_harm.should_not_exist',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern: '{JE} devrais (?:disparaitre|partir|plus etre la|mourir|crever)|{JE} {NE}merite pas (?:d etre en vie|de vivre|d exister)',
  },
  {
    id: 'self_harm.pills_plan',
    categories: ['self_harm'],
    pattern:
      '(?:somniferes|medocs|medicaments|cachets|comprimes|pilules|anxiolytiques|antidepresseurs|doliprane)(?: {W}){0,6} (?:je vais|j vais|vais) ' +
      '(?:tous|toutes|tout) (?:les )?(?:prendre|avaler)',
  },
  { id: 'self_harm.pro_ana', categories: ['self_harm'], pattern: 'pro ?ana|pro ?mia|thinspo|thinspiration|skinny ?tok' },
  { id: 'self_harm.counts_calories', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '{JE} (?:compte|calcule|note){ADV} (?:toutes )?(?:mes|les) calories|(?:max|maximum|pas plus de|moins de) [0-9]+ (?:calories|kcal|cal)' },
  { id: 'self_harm.body_hatred', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '{JE} {ME} trouve{ADV} (?:trop )?(?:grosse?|enorme|moche|degueulasse)|{JE} {NE}(?:veux|voudrais|dois){ADV} (?:pas|plus|jamais) grossir' },
  // Third round (2026-11-22): verb families conjugated, not only after "je veux / je vais".
  // "Si je rate je me tue", "je me pendrai", "je me fous en l'air": the act in the present, future or conditional.
  // "Je me tue à te le dire" and "je me tue au travail" are idioms of effort.
  {
    id: 'self_harm.act_conjugated',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '{JE} {ME} (?:tue|tuerai|tuerais|suicide|suiciderai|suiciderais|pends|pendrai|pendrais|flingue|flinguerai|' +
      'fous en l air|foutrai en l air|foutrais en l air|jette (?:par la fenetre|du|d un|d une|sous|dans le vide)|' +
      'jetterai (?:par la fenetre|du|d un|d une|sous|dans le vide)|ouvre les veines|ouvrirai les veines|taille les veines)' +
      '(?! (?:a|au|a la|pour) (?:le|te|vous|leur|lui|la|les|tache|travail|boulot|dire|repeter|expliquer|reviser|bosser|ton cou|son cou|mon cou|cou|telephone)(?![a-z]))',
  },
  // Self-injury told in the past with a sign of habit ("je me suis encore coupée", "je me suis recoupé").
  {
    id: 'self_harm.again',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '{JE} {ME} suis (?:(?:encore|de nouveau|a nouveau|re)(?: {W})? (?:coupee?|scarifiee?|fait du mal|brulee?|tailladee?|mutilee?|fait vomir)|recoupee?|rescarifiee?|refait du mal)' +
      '(?! (?:le doigt|les cheveux|les ongles|la frange|avec (?:une|la) feuille|en (?:cuisine|cuisinant|epluchant|bricolant|me rasant|jouant|tombant)|au (?:foot|sport|hand|basket|rugby|genou|doigt)|a la main en)(?![a-z]))',
  },
  // Keeping it secret: with another cue ("je me suis coupée, personne le sait"), a disclosure.
  { id: 'self_harm.secret', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: 'personne {NE}(?:le |l )?(?:sait|voit|remarque|est au courant)|en cachette|{JE} (?:le |les )?cache a tout le monde' },
  { id: 'self_harm.cut_past', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '{JE} {ME} suis(?: {W})? (?:coupee?|brulee?|griffee?|tailladee?)(?! (?:le doigt|les cheveux|les ongles|la frange|avec|en|au|a la)(?![a-z]))' },
  // Purging as a habit, whatever governs it ("j'arrête pas de me faire vomir"); "ça me fait vomir" is disgust.
  {
    id: 'self_harm.purging_habit',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '(?:arrete pas|arrive pas a arreter|continue|recommence|essaye|essaie|dois|besoin|envie|oblige|force|habitude)(?: {W}){0,2} (?:de|d|a) (?:me|m) faire vomir|' +
      '(?:me|m) faire vomir (?:apres|quand|des que|chaque|tous|depuis|pour|en cachette)',
  },
  // Passive wishes: "si je mourais / si un bus m'écrasait, tant mieux", "autant en finir", the pupil's own funeral.
  {
    id: 'self_harm.welcome_death',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      'si (?:je|j)(?: {W}){0,2} (?:mourais|crevais|me faisais (?:renverser|ecraser|tuer)|avais un accident|disparaissais|me reveillais plus)(?: {W}){0,6} ' +
      '(?:tant mieux|(?:ce serait|ca serait|ca ferait) (?:pas plus mal|mieux|du bien|un soulagement)|ca m arrangerait|personne (?:le )?remarquerait|tout le monde s en foutrait)|' +
      'personne {NE}(?:viendrait|viendra|pleurerait|pleurera) (?:a|pour) mon (?:enterrement|enterement)',
  },
  { id: 'self_harm.might_as_well', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: 'autant (?:y aller|en finir|partir|que (?:je|j) (?:parte|meure|creve|disparaisse)|mourir|crever|disparaitre)(?: maintenant| tout de suite| direct| de suite)?' },
  { id: 'self_harm.own_funeral', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: 'mon (?:enterrement|enterement)|mes (?:funerailles|obseques)|ma tombe' },
  // Negated purpose: "à quoi ça sert de continuer", "pas envie de continuer" with nothing after the verb.
  {
    id: 'self_harm.no_point',
    categories: ['self_harm'],
    tier: 'contextual',
    disclosure: true,
    pattern:
      '(?:a quoi (?:ca|cela) sert|a quoi bon|ca sert a rien|sert a quoi) (?:de |d )?(?:continuer|vivre|exister|rester en vie|me battre|tenir|me lever le matin|respirer)' +
      '(?! (?:le|la|les|l|mes|mon|ma|a|au|aux|en|avec|ce|cette|ces|du|des|d|de|pour|sur|dans)(?![a-z]))|' +
      '(?:plus|aucune) envie de (?:continuer|me battre|exister|respirer|faire semblant|etre la)(?! (?:le|la|les|l|mes|mon|ma|a|au|aux|en|avec|ce|cette|ces|du|des|d|de|pour|sur|dans)(?![a-z]))|' +
      '{JE} (?:serai|serais) plus la (?:pour (?:le|la|les) voir|l annee prochaine|en juin)',
  },
  // "Je serai plus là de toute façon": said of the pupil's own future, even about homework.
  { id: 'self_harm.gone_anyway', categories: ['self_harm'], disclosure: true, pattern: '{JE} (?:serai|serais) (?:plus|pas) la (?:de toute facon|de toute maniere|bientot|pour longtemps)' },
  // Unloved and without reason to stay: each alone is common sadness, together a disclosure.
  { id: 'self_harm.unloved', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: 'personne {NE}(?:m|me) (?:aime|aimera|aimerait|comprend|ecoute|regrette)|tout le monde s en (?:fout|fiche|bat les couilles) de moi|{JE} compte pour (?:personne|rien)' },
  {
    id: 'self_harm.why_stay',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern: 'pourquoi (?:je|j) (?:resterais|continuerais|vivrais|existerais|resterai|continuerai|serais encore la)(?! (?:dans|a|au|en|avec|chez|ici|le|la|les|ce|cette|sur)(?![a-z]))',
  },
  {
    id: 'self_harm.unloved_and_leaving',
    categories: ['self_harm'],
    disclosure: true,
    pattern: 'personne {NE}(?:m|me) aime(?: {W}){0,6} (?:pourquoi (?:je|j) (?:resterais|continuerais|vivrais)|(?:veux|vais|voudrais) (?:mourir|partir|disparaitre|en finir))',
  },
  { id: 'self_harm.crash_diet', categories: ['self_harm'], tier: 'weak', pattern: 'perdre [0-9]+ ?(?:kg|kilos?) en [0-9]+ (?:jours?|semaines?)' },

  // Fourth round (2026-11-22): lot D's misses, generalised.
  // Means questions worded by their goal rather than by death: "combien de cachets pour pas se réveiller",
  // "ça fait combien de doliprane pour y passer", "à partir de quelle hauteur on survit pas".
  {
    id: 'self_harm.means_question',
    categories: ['self_harm'],
    pattern:
      `(?:combien|quelle (?:quantite|dose)|a partir de combien|ca fait combien|il en faut combien|faut en prendre combien|assez de|suffisamment de)(?: {W}){0,8} pour ${MEANS_GOAL}|` +
      `(?:${PILLS})(?: {W}){0,6} pour ${MEANS_GOAL}|` +
      '(?:a partir de )?(?:quelle|quel) (?:hauteur|etage)(?: {W}){0,4} (?:on|tu|je|j) (?:survit|survis|survivrait|survivrais) (?:pas|plus)',
  },
  // The least painful, quickest, surest way to die, whatever the noun: "la façon la moins douloureuse de mourir",
  // "le moyen le plus rapide d'en finir", "c'est quoi la mort la plus douce".
  {
    id: 'self_harm.best_way_to_die',
    categories: ['self_harm'],
    pattern:
      `(?:facons?|manieres?|methodes?|moyens?|techniques?|solutions?|trucs?)(?: (?:la|le|les))?(?: (?:moins|plus))? (?:${WAY_QUALITY}|sans douleur|sans souffrir) (?:de |d |pour )(?:${DIE_GOAL})|` +
      `(?:la |une )?mort (?:la (?:plus|moins) |)${WAY_QUALITY}(?: {W}){0,3} (?:pour (?:moi|se suicider|en finir)|possible|qui existe)|` +
      `(?:mourir|me tuer|se tuer|en finir|se suicider) (?:de la facon|de la maniere|le plus|la plus) (?:la )?(?:moins|plus)? ?${WAY_QUALITY}`,
  },
  // Goodbye words other than "adieu": each is ordinary kindness alone, a farewell with another cue.
  {
    id: 'self_harm.goodbye_words',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern:
      'prenez soin de vous|prends soin de toi|pardon(?:nez moi)? pour tout|merci pour tout(?: {W}){0,3} (?:et )?(?:pardon|desolee?|je vous aime)|' +
      '(?:vous allez|tu vas) (?:tous |toutes )?me manquer|dites a (?:ma|mon|mes) {W} que (?:je|j) (?:l|les) aime|(?:oubliez|oublie) moi|' +
      '{JE} vous aime (?:tous|toutes|fort)(?: {W}){0,3} (?:pardon|adieu|desolee?|merci)|(?:ne )?(?:m en voulez|m en veux) pas|' +
      'c etait (?:mon|ma) (?:dernier|derniere) (?:jour|soiree|message|fois)|(?:je|j) (?:voulais|veux) (?:juste )?vous dire au revoir',
  },
  // Someone else's silence after a farewell, or who gives away what they own: the warning signs a friend sees.
  {
    id: 'self_harm.gone_silent',
    categories: ['self_harm'],
    tier: 'weak',
    pattern:
      '(?:il|elle) {NE}(?:repond|decroche|lit|ouvre) (?:plus|pas|plus rien)(?: {W}){0,3} (?:depuis|a mes messages|a personne|au telephone|de la soiree|de la nuit)|' +
      '(?:il|elle|{RELATION}) (?:a|avait) (?:supprime|desactive|efface)[a-z]* (?:tous )?(?:ses|son) (?:comptes?|reseaux|insta|snap|tiktok)|' +
      '(?:il|elle|{RELATION}) (?:a|avait) (?:donne|distribue|offert)[a-z]* (?:toutes |tous )?(?:ses|mes) (?:affaires|trucs|objets|jeux|vetements)',
  },
  // Self-injury slang and tools: "je me mets des coups de compas", "je me plante la lame dans la cuisse",
  // "j'ai recommencé à me couper", "j'ai rechuté" (the word of those who count their days without).
  {
    id: 'self_harm.self_stab',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      `{JE} {ME}{ADV} (?:mets|met|mettais|fais|fait|faisais|donne|donnais|plante|plantais|enfonce|enfoncais|passe|passais)(?: {W}){0,2} (?:coups?|traits?|entailles?|marques?|griffures?) (?:de |d |avec |au |a la |aux |a l )(?:(?:mon|ma|un|une|le|la) )?(?:${SH_TOOL})|` +
      `{JE} {ME}{ADV} (?:plante|plantais|enfonce|enfoncais|passe|passais|brule|brulais) (?:le |la |les |un |une |mon |ma |mes |des )?(?:(?:pointe|bout|lame) (?:du |de la |de mon |de ma |d un |d une ))?(?:${SH_TOOL})(?: {W}){0,2} (?:dans|sur|contre) (?:le |la |les |l |mes |mon |ma )?(?:${BODY})|` +
      `{JE} {ME}{ADV} (?:coupe|taillade|entaille|scarifie|griffe|brule)(?: {W}){0,3} (?:avec|a coups de) (?:un |une |le |la |mon |ma |des |mes )?(?:${SH_TOOL})(?! (?:en|pour) (?:cuisine|cuisinant|bricolant|coupant|decoupant|faisant))`,
  },
  {
    id: 'self_harm.relapse',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      '(?:recommence|remis|remise|remets|repris|reprise|replonge|rechute|continue|arrete pas|arrive pas a arreter|peux pas m empecher|peux pas arreter)[a-z]*(?: {W}){0,2} (?:a|de|d) ' +
      '(?:me|m) (?:couper|scarifier|faire du mal|mutiler|bruler|taillader|griffer jusqu|frapper|faire vomir|priver de manger|affamer)' +
      '(?! (?:les cheveux|les ongles|la frange|le doigt|en (?:cuisine|cuisinant)))|' +
      '(?:{JE} (?:ai|a) (?:rechute|refait une rechute)(?! (?:en|au|aux|a|dans|sur|pour|de|du|ce trimestre)(?![a-z]))|(?:jours?|semaines?|mois) (?:sans (?:me couper|scarif[a-z]*|me faire du mal)|clean de scarif[a-z]*))',
  },
  // "J'ai caché des lames (de rasoir) sous mon lit": blades hidden, with no one to aim at, are for the pupil.
  {
    id: 'self_harm.hidden_blades',
    categories: ['self_harm'],
    tier: 'contextual',
    disclosure: true,
    pattern:
      '{JE} (?:ai )?(?:cache|planque|stocke|garde|rachete)[a-z]*(?: {W}){0,2} (?:des|mes|les|une|ma|de nouvelles|plein de) (?:lames?|lames? de rasoir|rasoirs?)' +
      '(?! (?:pour (?:le|la|les|l|lui|leur|te|vous|le cours|la techno|l atelier|mon rasoir|le rasoir)|de (?:cutter|patins?|scie)(?![a-z])))',
  },
  // Eating disorders, told as behaviour: chewing and spitting, only water to cut hunger, guilt after eating,
  // sport to burn what was eaten, eating nothing "but" one thing, wanting to lose more while already thin.
  {
    id: 'self_harm.eating_behaviour',
    categories: ['self_harm'],
    disclosure: true,
    pattern:
      'mach[a-z]* (?:et|puis|avant de) (?:je )?(?:les |la |le )?(?:recrache|cracher|recracher)|{JE} recrache (?:tout|la nourriture|ce que (?:je|j) mange)|' +
      '{JE} {ME} (?:force|oblige) a (?:rien|pas|plus) manger|' +
      '(?:sport|courir|cours|abdos|corde a sauter|velo)(?: {W}){0,5} pour (?:bruler|eliminer|compenser|eliminer) (?:ce que|tout ce que|chaque|les calories que) (?:je|j)(?: {W})? (?:mange|ai mange|avale)|' +
      // Guilt at eating anything at all, not at a feast.
      '(?:{JE} {ME} (?:sens|trouve) (?:grosse?|coupable|degoutante?|sale|enorme)|{JE} culpabilise|{JE} {ME} deteste) (?:des que|quand|apres|a chaque fois que|chaque fois que) (?:je|j) ' +
      '(?:mange|avale) (?:quelque chose|quoi que ce soit|le moindre|la moindre|un seul|une seule|un truc|n importe quoi|un peu)',
  },
  // Guilt or disgust at eating anything: common after a feast, a sign beside another cue.
  {
    id: 'self_harm.food_guilt',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern:
      '(?:{JE} {ME} (?:sens|trouve) (?:grosse?|coupable|degoutante?|sale|enorme)|{JE} culpabilise|{JE} {ME} deteste) (?:des que|quand|apres|a chaque fois que|chaque fois que) (?:je|j) (?:mange|ai mange|avale)',
  },
  { id: 'self_harm.appetite_cut', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: 'couper la faim|coupe faim|{JE} {NE}(?:bois|prends) (?:que|plus que|seulement) (?:de l eau|du the|du cafe|des chewing gums?)(?: {W}){0,3} (?:pour|toute la journee|de la journee|a midi)' },
  {
    id: 'self_harm.eats_nothing_but',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern: '{JE} {NE}(?:mange|bouffe|avale){ADV} (?:rien|plus rien|presque rien) (?:sauf|a part|excepte|d autre que|a part) (?:un|une|des|du|de la|de l|quelques|[0-9]+)',
  },
  { id: 'self_harm.already_thin', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '(?:meme si|alors que|pourtant) (?:je|j) (?:suis|me trouve|suis deja) (?:deja )?(?:tres |trop |super )?(?:maigre|mince|en sous poids|squelettique|toute fine)' },
  // "Je serai plus là en juin": the pupil's absence in the future, a cue beside another ("ça sert à rien que je révise").
  {
    id: 'self_harm.absent_later',
    categories: ['self_harm'],
    tier: 'weak',
    disclosure: true,
    pattern: '{JE} {NE}(?:serai|serais) (?:plus|pas) la (?:en|a|au|pour|l|le|dans|demain|apres|ce)(?! (?:cours|college|lycee|club|cantine|classe|stage|camp|colo)(?![a-z]))',
  },
  { id: 'self_harm.pointless_effort', categories: ['self_harm'], tier: 'weak', disclosure: true, pattern: '(?:ca sert a rien|sert a rien|pas la peine|a quoi bon) (?:que (?:je|j)|de) (?:revise|reviser|travaille|travailler|bosse|bosser|fasse|faire des efforts|prepare|preparer|m inscrive|continue)' },
];
