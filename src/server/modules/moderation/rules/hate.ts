// hate: racist, antisemitic, homophobic, transphobic and sexist attacks. Speaking about racism or about a
// persecution (history, EMC) is not an attack: generalisations are matched in the present tense only, so
// "les nazis disaient que les juifs étaient inférieurs" stays a history sentence.
import type { RuleSpec } from './rule.ts';

// What a generalisation says of a group.
const DEMEANING =
  '(?:voleurs?|terroristes?|racailles?|inferieure?s?|moins intelligente?s|moins que rien|betes|cons|connes|sales|nuls|nulles|' +
  'chiens|animaux|singes|radins?|hysteriques?|putes|salopes|malades(?: mentaux| mentales)?|une maladie|contre nature|' +
  'pas (?:des|de vrais|de vraies) (?:humains|hommes|femmes)|dangereux|violents|feignants|faineants|parasites|menteurs|' +
  'criminels|delinquants|tous pareils|brides|sous hommes|de la merde|merdes|dechets|porcs|degeneree?s?|degeneres|' +
  'pervers|fous|folles|a vomir|a gerber|une honte|barbares|sauvages|arrieree?s|idiote?s|stupides|une erreur|une abomination|' +
  'rats|vermine|cafards|microbes|virus|une plaie|la peste|une race inferieure|superieure?s?|la race superieure|meilleurs que|' +
  'dealers|trafiquants|voyous|bandits|assistes|profiteurs|envahisseurs|inutiles|sert a rien|servent a rien|degueulasses?|' +
  'une maladie mentale|maladie|monstres|abominations?|erreurs? de la nature|pas normaux|pas normales|anormaux|tous pareils|toutes pareilles|' +
  'des moins que rien|des terroristes|interdits?|interdites?|esclaves|la honte|le mal|le cancer|la plaie|le probleme|la meilleure race|' +
  'moches|laids|laides|islamistes|extremistes|integristes|une menace|un danger|une invasion|detraquee?s|taree?s|psychopathes|faineants|' +
  'tricheurs|tricheuses|arnaqueurs|escrocs|fraudeurs|pourris|hypocrites|laches|sournois|fourbes|vicieux|voleuses|menteuses|degoutants|degoutantes)';

// Stereotypes told as habits: "les X ils volent tout".
const STEREOTYPE_VERBS =
  '(?:volent|tuent|violent|puent|sentent mauvais|mentent|trichent|profitent|envahissent|detruisent|salissent|' +
  'mangent des (?:chiens|chats|rats)|nous remplacent|nous envahissent|controlent tout|foutent la merde|font que des problemes|cassent tout|' +
  'brulent tout|nous volent|volent notre (?:travail|pain|argent)|prennent notre (?:travail|place)|profitent des aides|pue|puent|existe(?:nt)? pas|' +
  'meritent (?:tout ce qui leur arrive|de mourir|de crever|la mort|ce qui leur arrive|pas de vivre)|' +
  'ont (?:des yeux brides|les yeux brides|un petit cerveau|le nez crochu|une odeur)|(?:sait|savent) (?:pas|rien) (?:faire|conduire|coder|compter|reflechir))';

const EXTERMINATE =
  '(?:gazer|tuer|exterminer|bruler|noyer|deporter|renvoyer|virer|expulser|buter|eliminer|crever|mourir|disparaitre|degager|rentrer chez eux|interdire|enfermer|chasser)';

export const HATE_RULES: RuleSpec[] = [
  {
    id: 'hate.slur',
    categories: ['hate'],
    pattern: 'bougnoules?|bicots?|youpins?|youpines?|chinetoques?|chintoks?|negros?|tarlouzes?|travelos?|bamboulas?|pd|pedes?|gouines?',
  },
  // "sale X" said to someone is also harassment; "des sales X" is a generalisation; "la salle blanche" folds to "la sale".
  { id: 'hate.slur_at_someone', categories: ['hate', 'harassment'], pattern: '(?<!(?:des|les|ces|la) )sale {GROUP}' },
  { id: 'hate.slur_at_group', categories: ['hate'], pattern: 'sales {GROUPS}' },
  {
    id: 'hate.animal_names',
    categories: ['hate'],
    pattern: '(?:t es|tu es|espece de|bande de|sale|ce|cette|c est|sont)(?: qu une| qu un| une| un| des| de| d)? (?:tapettes?|macaques?|singes?|negres?|bridee?s?)',
  },
  {
    id: 'hate.generalisation',
    categories: ['hate'],
    pattern:
      `{GROUPS}(?: {W}){0,3} (?:c est|ce sont|sont|c|ca|ils sont|elles sont|vous etes|ca reste)(?: tous| toutes| que| vraiment| trop| juste| toujours)*` +
      `(?: des| que des| de| d| une| de la| du)? ${DEMEANING}|(?<=(?<![a-z])(?:les|des|ces|tous les|toutes les) ){GROUPS}(?: {W})?(?: ils| elles| ca| c)?(?: {W})? ${STEREOTYPE_VERBS}|` +
      `(?:homosexualite|transidentite|bisexualite) (?:c est|est) (?:une )?(?:maladie|contre nature|une abomination|un peche|degueulasse)`,
  },
  {
    id: 'hate.hatred',
    categories: ['hate'],
    pattern:
      '{JE} {NE}(?:deteste|hais|hait|supporte pas|peux pas saquer|peux pas blairer|vomis|vomit|tolere pas|accepte pas|crache sur)(?: {W})? ' +
      '(?:les |tous les |toutes les |ces )?{GROUPS}',
  },
  {
    id: 'hate.extermination',
    categories: ['hate'],
    pattern:
      `{GROUPS}{GAP6} (?:faut|faudrait|devraient|doivent|on devrait)(?: tous| toutes| les| tous les)* ${EXTERMINATE}|` +
      `(?:faut|faudrait|on devrait|on doit|il faut)(?: tous)? ${EXTERMINATE}(?:{GAP4} et ${EXTERMINATE})? (?:les |tous les |toutes les |ces )?{GROUPS}|` +
      '(?:nique|niquer|niquez|encule|enculer|fuck) (?:les |tous les |toutes les |ces )?{GROUPS}|' +
      '{GROUPS}{GAP2} (?:me|m|nous) (?:degoutent|degoute|debectent|repugnent|ecoeurent|font (?:vomir|gerber|horreur)|donnent envie de (?:vomir|gerber))|' +
      '{GROUPS}{GAP2} (?:meritent|meriteraient|merite)(?: {W}){0,2} (?:shoah|genocide|holocauste|extermination|d etre (?:gaze|extermine|tue|brule|deporte)[a-z]*)|(?:deuxieme|nouvelle|autre) shoah|' +
      '{GROUPS}{GAP2} (?:ne )?(?:devraient|doivent|devrait|doit) (?:pas|plus|jamais) (?:avoir le droit|avoir droit|pouvoir voter|voter|exister|vivre|travailler|sortir|etre libres?)|' +
      '{GROUPS}{GAP6} (?:ils|elles) meritent (?:tout ce qui leur arrive|de mourir|de crever|la mort|ce qui leur arrive)|' +
      'mort aux {GROUPS}|{GROUPS} dehors|dehors les {GROUPS}|a mort les {GROUPS}|{GROUPS} au four|' +
      '{JE} (?:veux|voudrais|souhaite) que (?:tous |toutes )?(?:les )?{GROUPS} (?:meurent|crevent|disparaissent|degagent|partent|brulent)|' +
      '{GROUPS}{GAP2} (?:devraient|doivent|faudrait|devrait|doit)(?: {W}){0,2} (?:interdits?|interdites?|en prison|pas exister|enfermee?s|expulsee?s|tuee?s|' +
      'mourir|disparaitre|brulee?s|soignee?s|exterminee?s|degager|partir|rentrer chez eux|se faire soigner|rester a la (?:cuisine|maison))|' +
      '(?:tous les|toutes les|les) {GROUPS} (?:en enfer|au bucher|a la mort|au four|en prison|a la porte)|' +
      '(?:faut|faudrait|il faut|on devrait) (?:bruler|detruire|raser|fermer|attaquer) (?:les|toutes les) (?:mosquees|synagogues|eglises)|' +
      '(?:remettre|mettre|renvoyer) (?:les )?{GROUPS} en (?:esclavage|prison|camp|cage)|(?:on devrait|faudrait|il faut) (?:exterminer|gazer|tuer|bruler|virer|expulser) (?:les |tous les )?{GROUPS}',
  },
  {
    id: 'hate.go_home',
    categories: ['hate', 'harassment'],
    pattern: 'retourne[sz]? (?:dans ton|dans ta|dans votre|chez toi dans ton|en) (?:pays|bled|afrique|jungle)|rentre (?:dans ton|chez toi dans ton) (?:pays|bled)',
  },
  {
    id: 'hate.nazism_denial',
    categories: ['hate'],
    pattern:
      'heil hitler|sieg heil|white power|remigration|grand remplacement|suprematie blanche|1488|14 88|hitler (?:avait|a) raison|vive hitler|hitler (?:aurait du|aurait pu|devait) (?:finir|terminer|continuer)|' +
      'finir le travail d hitler|vive le (?:nazisme|reich|troisieme reich|3e reich|iiie reich)|vive (?:les nazis|hitler|le fuhrer)|' +
      '(?:shoah|holocauste|genocide des juifs|chambres a gaz) (?:c est|est|etait|c etait) (?:un |une |des )?(?:mensonges?|inventions?|mythes?|arnaques?|fausse|faux|bidon)|' +
      '(?:shoah|holocauste|chambres a gaz|genocide des juifs) (?:n a|n ont|a|ont) (?:pas|jamais) (?:existe|eu lieu)',
  },
  {
    id: 'hate.sexism',
    categories: ['hate'],
    pattern:
      '(?:femmes|filles|meufs|nanas)(?: c est| sont| c| ca)? (?:faites?|fait) pour (?:faire )?(?:la cuisine|le menage|la vaisselle|les gosses|' +
      'des gosses|des enfants|obeir|se taire|rester a la maison)|(?:femmes|filles|meufs|nanas) (?:a la cuisine|au foyer)|' +
      '(?:femmes|filles|meufs|nanas) (?:ont|n ont)(?: rien| pas leur place| pas) a faire (?:en|dans|au)|' +
      '(?:femmes|filles|meufs|nanas) (?:ont|n ont) (?:pas|rien) leur place|(?:femmes|filles|meufs|nanas) (?:c est|sont)(?: juste| que)? ' +
      '(?:bon|bonnes?|faites?|fait) (?:a|pour) (?:faire|rien|obeir|la cuisine|le menage)|(?:une femme|les femmes|une fille|les filles)(?: ca| c)? ' +
      '(?:doit|doivent|devrait|devraient) (?:obeir|se taire|rester a la maison|faire la cuisine|servir)|(?:femmes|filles|meufs) (?:sont|c est)' +
      '(?: trop| vraiment)? (?:betes?|connes?|nulles?|stupides?|idiotes?|faibles?|emotives?|sensibles?) pour (?:diriger|gouverner|commander|conduire|travailler|etre|faire|coder|voter|la politique)|(?:une|les) (?:meufs?|femmes?|filles?|nanas?) (?:ca |c )?(?:sait|savent) ' +
      '(?:pas|rien) (?:faire|conduire|coder|compter|reflechir)|(?:femmes|filles|meufs) (?:n )?ont pas (?:le cerveau|la tete|l intelligence|le niveau) pour',
  },
  { id: 'hate.race', categories: ['hate'], tier: 'contextual', pattern: 'races? (?:noire|blanche|arabe|juive|jaune)(?: {W})? (?:est|c est|sont)(?: {W})? (?:inferieure|superieure|sale|degueulasse|la meilleure)|races? (?:inferieures?|superieures?)' },
  { id: 'hate.conspiracy', categories: ['hate'], pattern: '(?:juifs|feujs)(?: ils)? (?:controlent|dirigent|possedent|tiennent|manipulent|ont le pouvoir)' },
  {
    id: 'hate.praise',
    categories: ['hate'],
    pattern:
      '(?:nazisme|hitler|le 3e reich|le troisieme reich|les nazis|le kkk|le ku klux klan)(?: {W})? (?:c etait|c est|etait|etaient|avaient) ' +
      '(?:bien|bon|genial|cool|raison|top|pas si mal|des heros)|{JE} suis (?:raciste|homophobe|antisemite|nazi|facho|xenophobe)(?: et)? (?:fier|fiere|assume)',
  },
  { id: 'hate.hate_writing', categories: ['hate'], pattern: '(?:ecris|ecrire|redige|fais|invente)(?: moi)?(?: {W}){0,3} contre (?:les |ces )?{GROUPS}' },
  // Third round (2026-11-22): "les X ils ont rien à faire en France", whatever the group.
  {
    id: 'hate.no_place',
    categories: ['hate'],
    pattern: '{GROUPS}(?: ils| elles| ca)? (?:n )?(?:ont|a) (?:rien|pas leur place|rien a foutre) (?:a faire )?(?:en france|ici|chez nous|dans (?:notre|ce) pays|en europe|dans notre (?:ecole|college|lycee|classe))',
  },
  { id: 'hate.joke', categories: ['hate'], tier: 'contextual', pattern: 'blagues? (?:racistes?|antisemites?|homophobes?|sexistes?|sur les {GROUPS})' },
  { id: 'hate.topic', categories: ['hate'], tier: 'nominal', pattern: 'negres?|negresses?|macaques?' },
];
