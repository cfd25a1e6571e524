import { describe, expect, it } from 'vitest';
import { formatDateTime, fr, ordinalFr, t, tMaybe } from './fr.ts';

describe('t', () => {
  it('returns the catalogue text', () => {
    expect(t('chat.interrupted')).toBe('Réponse interrompue');
    expect(t('ai.noticeShort')).toBe('Tu échanges avec une intelligence artificielle');
  });

  it('fills the parameters', () => {
    expect(t('chat.queuePosition', { position: ordinalFr(3) })).toBe('Tu es 3e dans la file d’attente');
    expect(t('chat.queuePosition', { position: ordinalFr(1) })).toBe('Tu es 1er dans la file d’attente');
    expect(t('chat.tooLong', { count: 4100, max: 4000 })).toContain('4100');
  });

  it('looks up keys built at run time', () => {
    expect(tMaybe('subject.svt')).toBe('SVT');
    expect(tMaybe('subject.inconnue')).toBeUndefined();
    expect(tMaybe('toString')).toBeUndefined();
  });

  it('has no empty text and only well-formed placeholders', () => {
    for (const [key, text] of Object.entries(fr)) {
      expect(text.trim(), key).not.toBe('');
      expect(text, key).not.toMatch(/\{[^}]*$|\{\s*\}/);
    }
  });

  it('formats dates in French, from milliseconds or seconds', () => {
    const fromMs = formatDateTime(Date.UTC(2026, 0, 15, 12));
    expect(fromMs).toMatch(/janv\.? 2026/);
    expect(formatDateTime(Date.UTC(2026, 0, 15, 12) / 1000)).toBe(fromMs);
  });
});
