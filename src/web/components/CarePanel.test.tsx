// @vitest-environment jsdom
// The help a pupil was shown stays in view when it comes back to the conversation (reload), as the server
// returns it with the message; only diallable numbers become links.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../shared/api.ts';
import { ChatPage } from '../pages/ChatPage.tsx';
import { json, mount, on } from '../testing/harness.tsx';
import { CarePanel } from './CarePanel.tsx';

const care = {
  message: 'Merci de l’avoir écrit. Tu peux en parler dès maintenant :',
  helpLines: [
    { number: '3114', name: 'Numéro national de prévention du suicide', description: 'gratuit, 24 h/24' },
    { number: 'javascript:alert(1)', name: 'pas un numéro', description: '' },
  ],
  schoolContacts: 'CPE : Mme Durand, bureau 12',
};

let conversation: ConversationDetail;
let page: ReturnType<typeof mount>;

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
  page = mount();
  page.answer(
    on('GET', '/api/conversations/c1', () => json(conversation)),
    on('GET', '/api/me/tutor-status', () => json({ quota: { day: { used: 1, limit: 40 }, week: { used: 1, limit: 150 } }, liveSession: null, freeQuestions: true, access: { allowed: true } })),
  );
});

afterEach(() => page.unmount());

describe('help shown again after a reload', () => {
  it('shows the care panel under the message it was shown for, and the numbers at the top', async () => {
    await page.render(<ChatPage conversationId="c1" />);
    const panels = page.all('care-panel');
    expect(panels).toHaveLength(1);
    const panel = panels[0]!;
    expect(panel.previousElementSibling?.textContent).toContain('je veux plus vivre');
    expect(panel.textContent).toContain('Merci de l’avoir écrit.');
    expect(page.all('care-line').map((a) => a.getAttribute('href'))).toEqual(['tel:3114']);
    expect(page.all('care-school-contacts')[0]?.textContent).toBe('CPE : Mme Durand, bureau 12');
    expect(page.all('care-bar')[0]?.querySelector('a[href="tel:3114"]')).not.toBeNull();
  });

  it('shows no help for a conversation where none was shown', async () => {
    conversation = { ...conversation, messages: conversation.messages.map(({ care: _care, ...message }) => message) };
    await page.render(<ChatPage conversationId="c1" />);
    expect(page.all('care-panel')).toHaveLength(0);
    expect(page.all('care-bar')).toHaveLength(0);
  });

  it('never turns something that is not a phone number into a link', async () => {
    await page.render(<CarePanel care={care} />);
    const links = [...page.container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['tel:3114', 'tel:112']);
  });
});
