/**
 * The signed-in person's bearer token. It arrives in the URL's fragment (#token=…, which browsers never send to a
 * server, so it stays out of access logs), moves at once into this tab's session storage, and goes with every API call
 * and the hub connection. Who the token names is who the server records; the page only shows it.
 */
const storageKey = 'defectrefine.token';

export interface SignedIn {
  user: string;
  roles: string[];
  expiresAt: Date | null;
}

/** Moves a token from the URL's fragment into session storage and removes it from the address bar. */
export function takeTokenFromUrl(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(storageKey, decodeURIComponent(match[1]!));
  history.replaceState(null, '', location.pathname + location.search);
}

export function token(): string | null {
  return sessionStorage.getItem(storageKey);
}

export function signIn(value: string): void {
  sessionStorage.setItem(storageKey, value.trim());
}

export function signOut(): void {
  sessionStorage.removeItem(storageKey);
}

/** The token's claims as the page shows them; null for something that is not a JWT. The server checks the signature. */
export function claimsOf(jwt: string | null): SignedIn | null {
  const payload = jwt?.split('.')[1];
  if (!payload) return null;
  try {
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    const role = json['role'];
    const roles = Array.isArray(role) ? role.map(String) : typeof role === 'string' ? [role] : [];
    const user = typeof json['sub'] === 'string' ? json['sub'] : typeof json['name'] === 'string' ? json['name'] : null;
    if (!user) return null;
    return { user, roles, expiresAt: typeof json['exp'] === 'number' ? new Date(json['exp'] * 1000) : null };
  } catch {
    return null;
  }
}

/** fetch with the bearer token. */
export function authFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const current = token();
  if (current) headers.set('Authorization', `Bearer ${current}`);
  return fetch(url, { ...init, headers });
}

/**
 * Whether the signed-in person may end a session and retrain: the Administer policy admits admins only
 * (libs/DefectRefine.Security/Policies.cs). The page hides what the server would refuse; the server still decides.
 */
export function canRetrain(signedIn: SignedIn | null): boolean {
  return signedIn?.roles.includes('admin') ?? false;
}
