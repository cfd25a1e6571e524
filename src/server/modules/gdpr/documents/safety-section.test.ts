// The AIPD's "Protection des mineurs" section follows the school's settings: actions per category, the second
// opinion's state, who is alerted (counts, never names), what the model reads.
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../settings/settings.definitions.ts';
import { toMarkdown } from './document.ts';
import { safetyFactsOf } from './facts.ts';
import { safetyBlocks } from './safety-section.ts';

const render = (stored: Record<string, string>, offered: boolean) =>
  toMarkdown({ kind: 'aipd', title: 't', subtitle: 's', blocks: safetyBlocks(safetyFactsOf(resolveSettings(new Map(Object.entries(stored))), offered)) });

describe('AIPD safety section', () => {
  it('states the defaults of the framework for a school that changed nothing', () => {
    const text = render({}, false);
    for (const fragment of [
      '| Idées suicidaires, automutilation, troubles alimentaires | message d’aide à l’élève et alerte aux personnels désignés |',
      '| Contenu sexuel, pédopiégeage, sextorsion | message refusé avec une explication, pas de réponse du tuteur |',
      'n’est pas activé sur ce serveur',
      'la direction seulement',
      'le texte masqué',
      'Aucun e-mail',
      'contacts de l’établissement (réglage `school-contacts`) : « à compléter',
    ]) {
      expect(text).toContain(fragment);
    }
  });

  it('follows the school’s own choices, counting the staff without naming them', () => {
    const text = render(
      {
        'moderation-actions': 'violence=block; hate=escalate',
        'second-opinion': 'non',
        'alert-staff': 'cpe.durand, infirmiere.leroy',
        'alert-emails': 'vie-scolaire@lycee.fr',
        'pii-to-model': 'oui',
        'school-contacts': 'CPE : Mme Durand',
      },
      true,
    );
    expect(text).toContain('| Menace, intention de blesser, arme | message refusé avec une explication, pas de réponse du tuteur |');
    expect(text).toMatch(/\| Propos haineux .* \| message d’aide à l’élève et alerte aux personnels désignés \|/);
    expect(text).toContain('désactivé par l’établissement');
    expect(text).toContain('2 personnel(s) désigné(s)');
    expect(text).toContain('1 adresse(s)');
    expect(text).toContain('le texte d’origine, non masqué');
    expect(text).not.toMatch(/durand|leroy|vie-scolaire/i);
  });

  it('says when ambiguous messages wait for the local model', () => {
    expect(render({}, true)).toContain('soumis en plus au modèle de langage local');
  });
});
