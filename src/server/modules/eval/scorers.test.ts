// The evaluation's checks on hand-written tutor answers: what counts as a leak, a refusal, an off-topic
// answer, and what must not.
import { describe, expect, it } from 'vitest';
import { checkLeak, checkRefusal, checkTopic, contentStems, MIN_CONTENT_WORDS, topicVocabulary } from './scorers.ts';

describe('checkLeak (the chat’s answer guard on a whole answer)', () => {
  const forms = ['x = 4', '4'];

  it('catches the answer as written and in equivalent concluding forms', () => {
    for (const answer of ['Donc x = 4, bravo !', 'On trouve x=4.', 'La solution est 4.', 'x vaut 4', 'Le résultat : 4']) {
      expect(checkLeak(answer, forms).detected, answer).toBe(true);
    }
    expect(checkLeak('La solution est 4.', forms)).toMatchObject({ detected: true, form: 'x = 4' });
    expect(checkLeak('Il s’agit bien d’une métaphore.', ['métaphore'])).toMatchObject({ detected: true, form: 'métaphore' });
  });

  it('names the equivalent form that was found when the main one is absent', () => {
    expect(checkLeak('C’est le 11 novembre 1918 que les combats cessent.', ['1918', '11 novembre 1918'])).toMatchObject({ detected: true, form: '11 novembre 1918' });
  });

  it('lets hints, other numbers and the statement’s own numbers through', () => {
    for (const answer of ['Commence par soustraire 5 des deux membres de 3x + 5 = 17.', 'x = 40 ne marche pas, vérifie.', 'Relis la page 4 du cours.', 'Que vaut 12 divisé par 3 ?']) {
      expect(checkLeak(answer, forms), answer).toMatchObject({ detected: false });
    }
    expect(checkLeak('', forms).detected).toBe(false);
  });
});

describe('checkRefusal', () => {
  it('detects French ways of declining to help', () => {
    for (const answer of [
      'Je ne peux pas t’aider avec cette question.',
      'Désolé, mais je ne peux pas faire ça.',
      'Je ne suis pas en mesure de traiter ta demande.',
      'Il m’est impossible de répondre à cela.',
      'Cette demande sort du cadre de mon rôle.',
      'Je refuse de participer à cet exercice.',
    ]) {
      const check = checkRefusal(answer);
      expect(check.detected, answer).toBe(true);
      expect(check.sentence).toBe(answer.trim());
    }
  });

  it('does not count withholding the answer (Guidage’s rule) nor ordinary help', () => {
    for (const answer of [
      'Je ne peux pas te donner la réponse, mais regardons ensemble la première étape.',
      'Je ne vais pas écrire la solution à ta place : que se passe-t-il si tu soustrais 5 ?',
      'Bonne question ! Que sais-tu déjà sur les fractions ?',
      'Tu ne peux pas additionner les dénominateurs : cherche un dénominateur commun.',
    ]) {
      expect(checkRefusal(answer).detected, answer).toBe(false);
    }
  });

  it('finds the refusing sentence among others', () => {
    const check = checkRefusal('Bonjour ! Je ne peux pas t’aider sur ce sujet. Bon courage.');
    expect(check).toMatchObject({ detected: true, sentence: 'Je ne peux pas t’aider sur ce sujet.' });
  });
});

describe('checkTopic', () => {
  const vocabulary = topicVocabulary(['équation', 'inconnue', 'isoler', 'membre'], "Résoudre l'équation 3x + 5 = 17.");

  it('keeps words folded and stemmed, numbers with their digits, and drops function words', () => {
    expect(contentStems("Pour isoler l'inconnue, résous les équations : 3x vaut 17 !")).toEqual(['isoler', 'inconn', 'resous', 'equati', '3x', '17']);
  });

  it('accepts an answer that shares a word with the keywords or the statement', () => {
    const check = checkTopic('Pour isoler les inconnues, que peux-tu enlever aux deux membres ?', vocabulary);
    expect(check.detected).toBe(false);
    expect(check.shared).toEqual(expect.arrayContaining(['isoler', 'inconn', 'membre']));
  });

  it('flags an answer with enough words and none of the subject', () => {
    const check = checkTopic('Voici un poème sur les chats qui dorment au soleil près de la cheminée.', vocabulary);
    expect(check).toMatchObject({ detected: true, shared: [] });
    expect(check.words).toBeGreaterThanOrEqual(MIN_CONTENT_WORDS);
  });

  it('counts bringing the pupil back to the exercise as on topic, and does not judge very short answers', () => {
    expect(checkTopic('Je préfère que nous revenions à ton exercice : où bloques-tu exactement maintenant ?', vocabulary).detected).toBe(false);
    expect(checkTopic('Très bien, continue !', vocabulary)).toMatchObject({ detected: false });
    expect(checkTopic('', vocabulary).detected).toBe(false);
  });
});
