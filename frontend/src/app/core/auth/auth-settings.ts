import { InMemoryWebStorage, UserManagerSettings, WebStorageStateStore } from 'oidc-client-ts';

/** Every scope the portal may use; the hub grants only those the person's roles allow. */
export const PORTAL_SCOPES = 'openid offline_access children.read reconcile admin audit.read';

/** The portal signs in to the hub that serves it: same origin, client dx-portal, callback /auth/callback. */
export function portalAuthSettings(origin: string): UserManagerSettings {
  return {
    authority: origin + '/',
    client_id: 'dx-portal',
    redirect_uri: origin + '/auth/callback',
    post_logout_redirect_uri: origin + '/',
    response_type: 'code', // authorization code; oidc-client-ts always adds PKCE with S256
    scope: PORTAL_SCOPES,
    // Tokens live in memory only: a reload signs in again (silently while the hub's login cookie lasts).
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    // Only the one-time state and PKCE verifier of a pending redirect survive the round trip to the login
    // page, in sessionStorage; oidc-client-ts removes them when the callback is handled. No token is kept there.
    stateStore: new WebStorageStateStore({ store: window.sessionStorage, prefix: 'dx.pending.' }),
    automaticSilentRenew: true, // renews with the rotating refresh token shortly before the access token expires
    accessTokenExpiringNotificationTimeInSeconds: 60,
    loadUserInfo: false,
    monitorSession: false,
    revokeTokenTypes: [],
  };
}
