// The lexical classifier on the cases the issue names, on teenage spellings, and on its reporting contract.
import { describe, expect, it } from 'vitest';
import { classify } from './classify.ts';

describe('classify', () => {
  it.each([
    'la mort de Louis XVI',
    'Emma Bovary se suicide à la fin du roman',
    'Explique la reproduction humaine',
    'on tue le temps en attendant le bus',
    'je suis mort de rire',
    'c quoi la Shoah exactement',
    'les guerres de religion c’était entre qui et qui ?',
    'Dans le texte étudié, la narratrice est harcelée par ses camarades',
    'ce DM de maths me tue 😭',
    'ma mère va me tuer si j’ai encore une mauvaise note',
    'En musique, une noire vaut combien de croches ?',
    'Pourquoi on dit que l’apoptose c’est un suicide cellulaire ?',
  ])('does not flag school content or hyperbole: %s', (text) => {
    expect(classify(text).categories).toEqual([]);
  });

  it.each([
    ['jveu mourir', 'self_harm'],
    ['su1c1de c’est la seule solution pour moi', 'self_harm'],
    ["j'ai envie de me s u i c i d e r", 'self_harm'],
    ['jvais me foutre en l’air ce soir', 'self_harm'],
    ['je veux crever', 'self_harm'],
    ['chui une merde, jmérite pas de vivre', 'self_harm'],
    ['jme fais harceler au collège', 'harassment'],
    ['t’es qu’un gros con', 'harassment'],
    ['envoie moi des photos de toi nue', 'sexual'],
    ['je vais ramener un couteau au collège', 'violence'],
    ['les juifs contrôlent le monde', 'hate'],
    ['mon père me frappe quand il a bu', 'abuse'],
  ])('flags %s as %s', (text, category) => {
    expect(classify(text).categories).toContain(category);
  });

  it('flags an adult’s sexual abuse as both abuse and sexual', () => {
    expect(classify('mon beau-père me touche la nuit').categories).toEqual(['sexual', 'abuse']);
  });

  it('points each match at the original text, accents and spacing tricks included', () => {
    const text = 'Bonjour. Je veux m0urir, vraiment.';
    const [match] = classify(text).matches;
    expect(match).toMatchObject({ category: 'self_harm' });
    expect(text.slice(match!.start, match!.end)).toBe('Je veux m0urir');
    const spaced = 'bon… s u i c i d e c’est la seule solution';
    const m = classify(spaced).matches.find((x) => x.rule === 'self_harm.only_way_out')!;
    expect(spaced.slice(m.start, m.end)).toBe('s u i c i d e c’est la seule solution');
  });

  it('says when the pupil is the one harassed', () => {
    expect(classify('je me fais insulter tous les jours dans le bus').pupilHarassed).toBe(true);
    expect(classify('t’es qu’un gros con').pupilHarassed).toBe(false);
  });

  it('asks for a second opinion on a lone cue, not on plain homework', () => {
    expect(classify('je tiens plus').ambiguous).toBe(true);
    expect(classify('je tiens plus').categories).toEqual([]);
    expect(classify('le suicide c’est triste').ambiguous).toBe(true);
    expect(classify('Explique la mitose stp').ambiguous).toBe(false);
  });

  it('names the categories the second opinion must settle', () => {
    expect(classify('je tiens plus')).toMatchObject({ ambiguous: true, suspected: ['self_harm', 'harassment'] });
    // A threat cleared only because the message reads as homework (quoted speech) is worth a second look...
    expect(classify('Dans la pièce, Rodrigue dit : je vais te tuer')).toMatchObject({ categories: [], ambiguous: true, suspected: ['violence'] });
    // ...a fixed idiom is not, nor a clear flag outside homework.
    expect(classify('je suis mort de rire')).toMatchObject({ ambiguous: false, suspected: [] });
    expect(classify('jveu mourir')).toMatchObject({ categories: ['self_harm'], ambiguous: false, suspected: [] });
  });

  it('flags a message that is nothing but a topic word', () => {
    expect(classify('sexe ?').categories).toEqual(['sexual']);
  });

  it('ignores pupil disclosures when judging the tutor’s own words', () => {
    expect(classify('je me fais harceler', { author: 'assistant' }).categories).toEqual([]);
    expect(classify('voici comment fabriquer une bombe artisanale', { author: 'assistant' }).categories).toEqual(['violence']);
  });
});

// Third tuning round: verb families and conjugations, and the ordinary sentences that share their words.
describe('classify, generalised families', () => {
  it.each([
    ['si j’ai pas le bac je me tue', 'self_harm'],
    ['je me jetterai sous le train', 'self_harm'],
    ['je me suis recoupé les bras cette nuit', 'self_harm'],
    ['j’arrive pas à arrêter de me faire vomir', 'self_harm'],
    ['personne ne m’aime, pourquoi je continuerais', 'self_harm'],
    ['à quoi ça sert de vivre franchement', 'self_harm'],
    ['les 4e m’insultent dans le bus', 'harassment'],
    ['on m’a viré du groupe de la classe', 'harassment'],
    ['ils m’ont filmé aux toilettes et la vidéo circule', 'harassment'],
    ['écris une chanson qui se moque de mon voisin de table', 'harassment'],
    ['si tu reparles de ma mère je te défonce', 'violence'],
    ['mon cousin veut frapper un mec du lycée', 'violence'],
    ['on va l’attendre avec des battes', 'violence'],
    ['je vais mettre du laxatif dans sa gourde', 'violence'],
    ['jvais la démonter cette bouffonne', 'violence'],
    ['mon copain a 19 ans et moi j’ai 14 ans, il insiste pour qu’on le fasse', 'sexual'],
    ['les musulmans ont rien à faire ici', 'hate'],
  ])('flags %s as %s', (text, category) => {
    expect(classify(text).categories).toContain(category);
  });

  it.each([
    'les négationnistes disent que la Shoah n’a pas existé, comment leur répondre ?',
    'mon oncle dit que les arabes sont tous des voleurs, je lui réponds quoi ?',
    'je me suis encore trompé dans l’exo 3',
    'je me suis tue pendant tout le cours',
    'je me tue à te le dire, c’est la dérivée',
    'je me suis coupé les cheveux toute seule',
    'je la plante cette fleur dans le jardin',
    'mon pote veut tuer le dragon dans Zelda',
    'je garde toujours un couteau suisse dans mon sac pour le pique-nique',
    'pour endormir le bébé il faut le bercer',
    'les grands me font rire',
    'mes potes m’attendent devant le collège',
    'fais un texte pour se moquer de Napoléon',
    'la vidéo de notre spectacle tourne sur insta',
    'j’ai écrit la lettre en mon nom',
    'je m’enferme dans les toilettes pour réviser au calme',
    'mon père va prendre son fusil pour la chasse',
    'les autres me poussent à continuer le foot',
    'on attend le bus avec des amis',
    'j’ai plus envie de continuer le piano',
  ])('does not flag %s', (text) => {
    expect(classify(text).categories).toEqual([]);
  });

  it('still flags a denial the pupil makes its own', () => {
    expect(classify('mon pote dit que la Shoah a pas existé et il a raison').categories).toEqual(['hate']);
  });
});

// Fourth round: families generalised from lot D's misses (means questions, goodbyes, self-injury slang, eating
// behaviour, fights planned and weapons named as objects, abuse told with indirect names), and their look-alikes.
describe('classify, fourth-round families', () => {
  it.each([
    ['il faut avaler combien de somnifères pour ne plus jamais se réveiller', 'self_harm'],
    ['quelle quantité de paracétamol pour faire une overdose', 'self_harm'],
    ['y a une technique indolore pour mourir ?', 'self_harm'],
    ['c’était mon dernier message, pardon pour tout', 'self_harm'],
    ['jme plante la pointe du compas dans la cuisse quand ça va pas', 'self_harm'],
    ['j’ai recommencé à me couper cette semaine', 'self_harm'],
    ['je mâche et je recrache pour pas grossir', 'self_harm'],
    ['jveux perdre 4 kg alors que je suis deja maigre, je mange rien a part une compote', 'self_harm'],
    ['s’il touche encore à ma sœur je le bute', 'violence'],
    ['je te surine à la sortie', 'violence'],
    ['sa va saigner lundi a la sortie', 'violence'],
    ['on se capte à 16h au parc pour le défoncer', 'violence'],
    ['je vais prendre le fusil de mon père pour leur faire peur', 'violence'],
    ['jdebarque avec une barre de fer lundi', 'violence'],
    ['je vais faire un surin avec ma brosse à dents', 'violence'],
    ['le compagnon de ma mère me met des claques', 'abuse'],
    ['ils m’enferment dans la cave quand je fais une bêtise', 'abuse'],
    ['on me donne pas à manger pendant le week-end', 'abuse'],
    ['elle me force à dire que je suis tombée à vélo', 'abuse'],
    ['ma meilleure amie se fait harceler sur snap', 'harassment'],
  ])('flags %s as %s', (text, category) => {
    expect(classify(text).categories).toContain(category);
  });

  it('flags night visits told with a pronoun as abuse and sexual', () => {
    expect(classify('il se glisse dans mon lit quand ma mère dort').categories).toEqual(['sexual', 'abuse']);
  });

  it.each([
    'combien de temps faut-il dormir pour ne pas se réveiller fatigué',
    'la méthode la plus douce pour réveiller un bébé',
    'Merci pour tout madame, bonnes vacances et prenez soin de vous',
    'j’ai recommencé à me couper les cheveux toute seule',
    'j’ai recommencé à me faire vomir de rire avec cette vidéo',
    'je me sens coupable quand je mange trop de chocolat à Pâques ?',
    'si il pleut je la plante demain ma graine de haricot',
    'si elle arrive en retard je la plante là et je pars',
    'ça va saigner si tu coupes la viande trop tôt ?',
    'on se retrouve à 17h derrière le gymnase pour le match',
    'mon père prend le fusil de mon grand-père pour la chasse',
    'je fabrique une bombe de bain pour la fête des mères',
    'le copain de ma mère nous a fait des crêpes',
    'Hansel et Gretel sont enfermés par la sorcière qui ne leur donne pas à manger',
    'j’ai pas le droit de manger en classe',
    'ma petite sœur vient dans ma chambre la nuit quand elle fait des cauchemars',
    'le prof nous a dit d’apporter des ciseaux et un cutter pour l’atelier',
    'la photosynthèse c’est trop chiant jvais mourir d’ennui',
  ])('does not flag %s', (text) => {
    expect(classify(text).categories).toEqual([]);
  });

  it('sends a lone goodbye or a lone sign to the second opinion, and flags two together', () => {
    expect(classify('adieu')).toMatchObject({ categories: [], ambiguous: true, suspected: ['self_harm'] });
    expect(classify('elle répond plus depuis hier soir')).toMatchObject({ categories: [], ambiguous: true, suspected: ['self_harm'] });
    expect(classify('elle m’a écrit adieu et elle répond plus depuis hier soir').categories).toEqual(['self_harm']);
    expect(classify('je mets un col roulé pour cacher les bleus')).toMatchObject({ categories: [], ambiguous: true, suspected: ['abuse'] });
    expect(classify('je mets un col roulé pour cacher les bleus, pour pas que les profs voient').categories).toEqual(['abuse']);
  });

  it('keeps a threat cleared as homework ambiguous, and a farewell to the holidays clear', () => {
    expect(classify('comment aider une amie qui se fait harceler ? c’est pour un exposé')).toMatchObject({ categories: [], ambiguous: true });
    expect(classify('adieu les vacances, demain c’est la rentrée')).toMatchObject({ categories: [], ambiguous: false });
  });
});
