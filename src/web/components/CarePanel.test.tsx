// @vitest-environment jsdom
// The help a pupil was shown stays in view when it comes back to the conversation (reload), as the server
// returns it with the message; only diallable numbers become links.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationDetail } from '../../shared/api.ts';
import { ChatPage } from '../pages/ChatPage.tsx';
import { CarePanel } from './CarePanel.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const care = {
  message: 'Merci de l’avoir écrit. Tu peux en parler dès maintenant :',
  helpLines: [
    { number: '3114', name: 'Numéro national de prévention du suicide', description: 'gratuit, 24 h/24' },
    { number: 'javascript:alert(1)', name: 'pas un numéro', description: '' },
  ],
  schoolContacts: 'CPE : Mme Durand, bureau 12',
};

let conversation: ConversationDetail;
let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  conversation = {
    id: 'c1',
    subject: null,
    assignmentId: null,
    mode: 'guidage',
    title: 'Révisions',
    createdAt: 1,
    updatedAt: 3,
    messages: [
      { id: 'm1', role: 'pupil', text: 'Une question de maths', status: 'complete', createdAt: 1 },
      { id: 'm2', role: 'tutor', text: 'Allons-y.', status: 'complete', createdAt: 2 },
      { id: 'm3', role: 'pupil', text: 'je veux plus vivre', status: 'complete', createdAt: 3, care },
      { id: 'm4', role: 'tutor', text: 'Je t’entends.', status: 'complete', createdAt: 4 },
    ],
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url === '/api/conversations/c1') return Response.json(conversation);
      if (url === '/api/me/tutor-status') {
        return Response.json({ quota: { day: { used: 1, limit: 40 }, week: { used: 1, limit: 150 } }, liveSession: null, freeQuestions: true, access: { allowed: true } });
      }
      return Response.json({ code: 'not_found', message: 'Introuvable' }, { status: 404 });
    }),
  );
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

const all = (id: string) => [...container.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

async function render(node: React.ReactNode): Promise<void> {
  await act(async () => root.render(node));
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  });
}

describe('help shown again after a reload', () => {
  it('shows the care panel under the message it was shown for, and the numbers at the top', async () => {
    await render(<ChatPage conversationId="c1" />);
    const panels = all('care-panel');
    expect(panels).toHaveLength(1);
    const panel = panels[0]!;
    expect(panel.previousElementSibling?.textContent).toContain('je veux plus vivre');
    expect(panel.textContent).toContain('Merci de l’avoir écrit.');
    expect(all('care-line').map((a) => a.getAttribute('href'))).toEqual(['tel:3114']);
    expect(all('care-school-contacts')[0]?.textContent).toBe('CPE : Mme Durand, bureau 12');
    expect(all('care-bar')[0]?.querySelector('a[href="tel:3114"]')).not.toBeNull();
  });

  it('shows no help for a conversation where none was shown', async () => {
    conversation = { ...conversation, messages: conversation.messages.map(({ care: _care, ...message }) => message) };
    await render(<ChatPage conversationId="c1" />);
    expect(all('care-panel')).toHaveLength(0);
    expect(all('care-bar')).toHaveLength(0);
  });

  it('never turns something that is not a phone number into a link', async () => {
    await render(<CarePanel care={care} />);
    const links = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['tel:3114', 'tel:112']);
  });
});
