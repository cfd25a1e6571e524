import { describe, expect, it } from 'vitest';
import { decideAction, schoolActionsSchema } from './actions.ts';

describe('decideAction', () => {
  it('uses the defaults of the issue', () => {
    expect(decideAction([])).toBe('allow');
    expect(decideAction(['self_harm'])).toBe('escalate');
    expect(decideAction(['abuse'])).toBe('escalate');
    expect(decideAction(['violence'])).toBe('escalate');
    expect(decideAction(['sexual'])).toBe('block');
    expect(decideAction(['hate'])).toBe('block');
    expect(decideAction(['harassment'])).toBe('care');
    expect(decideAction(['harassment'], {}, { pupilHarassed: true })).toBe('escalate');
  });

  it('keeps the most severe action of several categories', () => {
    expect(decideAction(['hate', 'harassment'])).toBe('block');
    expect(decideAction(['sexual', 'abuse'])).toBe('escalate');
  });

  it('follows the school’s own settings', () => {
    expect(decideAction(['hate'], { hate: 'care' })).toBe('care');
    expect(decideAction(['harassment'], { harassment_of_pupil: 'care' }, { pupilHarassed: true })).toBe('care');
    expect(decideAction(['violence', 'hate'], { violence: 'allow' })).toBe('block');
  });

  it('validates the settings a school saves', () => {
    expect(schoolActionsSchema.parse({ hate: 'block' })).toEqual({ hate: 'block' });
    expect(() => schoolActionsSchema.parse({ hate: 'ban' })).toThrow();
    expect(() => schoolActionsSchema.parse({ drugs: 'block' })).toThrow();
  });
});
