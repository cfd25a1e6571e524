// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, mount, on } from '../testing/harness.tsx';
import { LoginPage, ssoProvidersPath } from './LoginPage.tsx';

let page: ReturnType<typeof mount>;
beforeEach(() => {
  page = mount();
});
afterEach(() => {
  page.unmount();
  window.history.replaceState(null, '', '/');
});

describe('ssoProvidersPath', () => {
  it('asks for the school’s providers only when its link gives a valid UAI', () => {
    expect(ssoProvidersPath('')).toBe('/api/auth/sso/providers');
    expect(ssoProvidersPath('?uai=0691234a')).toBe('/api/auth/sso/providers?uai=0691234A');
    expect(ssoProvidersPath('?uai=0691234A%26x%3D1')).toBe('/api/auth/sso/providers');
  });
});

describe('LoginPage', () => {
  it('offers one plain link per provider, above the password form', async () => {
    page.answer(
      on('GET', '/api/auth/sso/providers', () =>
        json([
          { id: 'ent', kind: 'cas', label: 'ENT Auvergne-Rhône-Alpes', uais: ['0691234A'], loginUrl: '/api/auth/cas/ent/login' },
          { id: 'autre', kind: 'oidc', label: 'Éduconnect', uais: ['0691234A'], loginUrl: '/api/auth/oidc/autre/login' },
          // Never a link that leaves the server from the login page itself.
          { id: 'piege', kind: 'oidc', label: 'Piège', uais: [], loginUrl: '//evil.example/login' },
        ]),
      ),
    );
    await page.render(<LoginPage notice={null} onLoggedIn={() => undefined} />);
    const buttons = page.all('sso-button');
    expect(buttons.map((button) => [button.tagName, button.getAttribute('href')])).toEqual([
      ['A', '/api/auth/cas/ent/login'],
      ['A', '/api/auth/oidc/autre/login'],
    ]);
    expect(buttons[0]!.textContent).toBe('Se connecter avec l’ENTENT Auvergne-Rhône-Alpes');
    expect(page.container.textContent).toContain('ou avec un identifiant Tuteur');
    expect(page.has('login-submit')).toBe(true);
  });

  it('shows only the password form when there is no provider or the list cannot be read', async () => {
    page.answer(on('GET', '/api/auth/sso/providers', () => json({ code: 'server', message: 'Erreur' }, 500)));
    await page.render(<LoginPage notice={null} onLoggedIn={() => undefined} />);
    expect(page.has('sso-providers')).toBe(false);
    expect(page.has('login-submit')).toBe(true);
  });
});
