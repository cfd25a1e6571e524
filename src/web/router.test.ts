import { describe, expect, it } from 'vitest';
import { GDPR_SECTIONS, matchRoute, paths } from './router.ts';

describe('matchRoute', () => {
  it.each([
    ['/', { name: 'home' }],
    ['/conversations', { name: 'home' }],
    ['/login', { name: 'login' }],
    ['/login/', { name: 'login' }],
    ['/setup', { name: 'setup' }],
    ['/admin', { name: 'admin' }],
    ['/conversations/3f1c2a9e-0000-4000-8000-000000000001', { name: 'conversation', id: '3f1c2a9e-0000-4000-8000-000000000001' }],
    ['/conversations/abc/', { name: 'conversation', id: 'abc' }],
    ['/conversations/a/b', { name: 'notFound' }],
    ['/conversations/%3Cscript%3E', { name: 'notFound' }],
    ['/inconnue', { name: 'notFound' }],
    ['/admin/import', { name: 'rosterImport' }],
    ['/alertes', { name: 'alerts' }],
    ['/alertes/3f1c2a9e-0000-4000-8000-000000000001', { name: 'alert', id: '3f1c2a9e-0000-4000-8000-000000000001' }],
    ['/alertes/a/b', { name: 'notFound' }],
    ['/mes-donnees', { name: 'myData' }],
    ['/notice', { name: 'notice' }],
    ['/rgpd', { name: 'gdpr', section: 'registre' }],
    ['/rgpd/journal', { name: 'gdpr', section: 'journal' }],
    ['/rgpd/inconnue', { name: 'notFound' }],
    ['/reinitialisation/Ab3_-dEf0123456789xyzABCDEFGHIJKLMNOPQRSTUVW', { name: 'passwordReset', token: 'Ab3_-dEf0123456789xyzABCDEFGHIJKLMNOPQRSTUVW' }],
    ['/reinitialisation/court', { name: 'notFound' }],
    ['/reinitialisation/%3Cscript%3E-0123456789abcdef', { name: 'notFound' }],
  ])('%s', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it('round-trips the paths it builds', () => {
    expect(matchRoute(paths.conversation('c-42'))).toEqual({ name: 'conversation', id: 'c-42' });
    expect(matchRoute(paths.admin())).toEqual({ name: 'admin' });
    expect(matchRoute(paths.setup())).toEqual({ name: 'setup' });
    expect(matchRoute(paths.alert('a-1'))).toEqual({ name: 'alert', id: 'a-1' });
    for (const section of GDPR_SECTIONS) expect(matchRoute(paths.gdpr(section))).toEqual({ name: 'gdpr', section });
    expect(matchRoute(paths.myData())).toEqual({ name: 'myData' });
    expect(matchRoute(paths.rosterImport())).toEqual({ name: 'rosterImport' });
  });
});
