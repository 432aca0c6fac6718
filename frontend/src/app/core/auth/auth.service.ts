import { Injectable, computed, signal } from '@angular/core';
import { User, UserManager } from 'oidc-client-ts';
import { portalAuthSettings } from './auth-settings';
import { readTokenClaims } from './token-claims';

export type PortalRole = 'steward' | 'administrator' | 'auditor';

/**
 * Sign-in with the hub's authorization server (OpenID Connect code flow with PKCE S256, via oidc-client-ts),
 * tokens in memory only, silent renewal with the rotating refresh token.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly manager: UserManager;
  private readonly user = signal<User | null>(null);

  readonly signedIn = computed(() => this.user() !== null);
  readonly claims = computed(() => {
    const token = this.user()?.access_token;
    return token ? readTokenClaims(token) : { subject: '', agency: '', roles: [] as string[] };
  });
  readonly roles = computed(() => this.claims().roles as readonly string[]);
  readonly agency = computed(() => this.claims().agency);

  constructor() {
    this.manager = new UserManager(portalAuthSettings(window.location.origin));
    this.manager.events.addUserLoaded((user) => this.user.set(user));
    this.manager.events.addUserUnloaded(() => this.user.set(null));
    this.manager.events.addSilentRenewError(() => void this.signIn(this.currentPath()));
  }

  hasRole(role: PortalRole): boolean {
    return this.roles().includes(role);
  }

  /** The bearer token for the next call; renews first when it has expired (e.g. after the tab slept). */
  async accessToken(): Promise<string | null> {
    const user = this.user();
    if (!user) {
      return null;
    }
    if (user.expired) {
      return (await this.renew())?.access_token ?? null;
    }
    return user.access_token;
  }

  /** Uses the refresh token once (it rotates: the reply carries the next one). */
  async renew(): Promise<User | null> {
    try {
      const user = await this.manager.signinSilent();
      this.user.set(user);
      return user;
    } catch {
      this.user.set(null);
      return null;
    }
  }

  /** At start: finish a sign-in coming back from the hub, or leave for its login page. */
  async start(lang: string): Promise<void> {
    if (window.location.pathname === '/auth/callback') {
      const user = await this.manager.signinRedirectCallback();
      this.user.set(user);
      const back = typeof user.state === 'string' && user.state.startsWith('/') ? user.state : '/';
      window.history.replaceState(null, '', back);
      return;
    }
    await this.signIn(this.currentPath(), lang);
    await new Promise<never>(() => undefined); // the page is leaving for the login page
  }

  async signIn(returnPath: string, lang = document.documentElement.lang): Promise<void> {
    await this.manager.signinRedirect({ state: returnPath, ui_locales: lang === 'en' ? 'en' : 'zh-CN' });
  }

  async signOut(): Promise<void> {
    const idToken = this.user()?.id_token;
    await this.manager.removeUser();
    await this.manager.signoutRedirect({ id_token_hint: idToken });
  }

  private currentPath(): string {
    return window.location.pathname + window.location.search;
  }
}
