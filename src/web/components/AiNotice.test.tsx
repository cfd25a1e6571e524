// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeResponse } from '../../shared/api.ts';
import { me, mount } from '../testing/harness.tsx';
import { AiNotice } from './AiNotice.tsx';

const pupil = me({ id: 'p1', login: 'eleve', displayName: 'Léa', classes: [{ id: 'c1', name: '2nde B', level: '2nde', tutorEnabled: true }] });

let page: ReturnType<typeof mount>;
beforeEach(() => {
  page = mount();
});
afterEach(() => page.unmount());

const render = (session: MeResponse | null, compact = false) => page.render(<AiNotice compact={compact} />, session);
const text = () => page.container.querySelector('[data-testid="ai-notice"]')?.textContent ?? '';

describe('AiNotice', () => {
  it('names the model the pupil talks to and where it runs', async () => {
    await render({ ...pupil, tutorModel: { name: 'Lucie 7B', runsOn: 'exécuté sur le serveur de l’établissement' } });
    expect(text()).toContain('Tu échanges avec une intelligence artificielle (modèle : Lucie 7B, exécuté sur le serveur de l’établissement). Elle peut se tromper');
    await render({ ...pupil, tutorModel: { name: 'Lucie 7B', runsOn: 'exécuté sur le serveur de l’établissement' } }, true);
    expect(text()).toContain('(modèle : Lucie 7B, exécuté sur le serveur de l’établissement)');
  });

  it('keeps the plain reminder when no model is named or nobody is signed in', async () => {
    await render({ ...pupil, tutorModel: null });
    expect(text()).toContain('Tu échanges avec une intelligence artificielle. Elle peut se tromper');
    expect(text()).not.toContain('modèle :');
    await render(null, true);
    expect(text()).toContain('Tu échanges avec une intelligence artificielle');
  });
});
