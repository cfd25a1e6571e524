// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeResponse } from '../../shared/api.ts';
import { SessionContext } from '../session.ts';
import { AiNotice } from './AiNotice.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const pupil: MeResponse = {
  id: 'p1',
  login: 'eleve',
  displayName: 'Léa',
  role: 'pupil',
  school: { id: 's1', uai: '0691234A', name: 'Lycée Ampère' },
  classes: [{ id: 'c1', name: '2nde B', level: '2nde', tutorEnabled: true }],
};

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const render = (me: MeResponse | null, compact = false) =>
  act(() =>
    root.render(
      <SessionContext.Provider value={me && { me, logout: async () => undefined }}>
        <AiNotice compact={compact} />
      </SessionContext.Provider>,
    ),
  );
const text = () => container.querySelector('[data-testid="ai-notice"]')?.textContent ?? '';

describe('AiNotice', () => {
  it('names the model the pupil talks to and where it runs', () => {
    render({ ...pupil, tutorModel: { name: 'Lucie 7B', runsOn: 'exécuté sur le serveur de l’établissement' } });
    expect(text()).toContain('Tu échanges avec une intelligence artificielle (modèle : Lucie 7B, exécuté sur le serveur de l’établissement). Elle peut se tromper');
    render({ ...pupil, tutorModel: { name: 'Lucie 7B', runsOn: 'exécuté sur le serveur de l’établissement' } }, true);
    expect(text()).toContain('(modèle : Lucie 7B, exécuté sur le serveur de l’établissement)');
  });

  it('keeps the plain reminder when no model is named or nobody is signed in', () => {
    render({ ...pupil, tutorModel: null });
    expect(text()).toContain('Tu échanges avec une intelligence artificielle. Elle peut se tromper');
    expect(text()).not.toContain('modèle :');
    render(null, true);
    expect(text()).toContain('Tu échanges avec une intelligence artificielle');
  });
});
