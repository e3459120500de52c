import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';

export interface WebConfig {
  authority: string;
  clientId: string;
}

let manager: UserManager | undefined;

/** The one OIDC client: authorization code + PKCE against Keycloak's public `retort-web` client. */
export function createUserManager(config: WebConfig): UserManager {
  manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}/auth/callback`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: 'openid profile email',
    // Renewal uses the refresh token Keycloak hands out (no iframe needed).
    automaticSilentRenew: true,
    // Tokens and the in-flight PKCE state live in sessionStorage: gone with the tab, never in a URL
    // or in localStorage.
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    monitorSession: false,
  });
  return manager;
}

export function userManager(): UserManager {
  if (!manager) throw new Error('sign-in is not configured yet');
  return manager;
}

/** The current access token, or undefined when signed out or expired. */
export async function accessToken(): Promise<string | undefined> {
  if (!manager) return undefined;
  const user: User | null = await manager.getUser();
  if (!user || user.expired) return undefined;
  return user.access_token;
}

/** Roles from Keycloak's realm_access claim of the access token. */
export function realmRoles(user: User | null | undefined): string[] {
  if (!user) return [];
  try {
    const payload = JSON.parse(atob(user.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as {
      realm_access?: { roles?: string[] };
    };
    return payload.realm_access?.roles ?? [];
  } catch {
    return [];
  }
}
