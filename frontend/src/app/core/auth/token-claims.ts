/** What the portal reads from its own access token (a signed, unencrypted JWT): roles and agency, never personal data. */
export interface TokenClaims {
  readonly subject: string;
  readonly agency: string;
  readonly roles: readonly string[];
}

export function readTokenClaims(accessToken: string): TokenClaims {
  const payload = accessToken.split('.')[1];
  if (!payload) {
    return { subject: '', agency: '', roles: [] };
  }
  const json = JSON.parse(decodeBase64Url(payload)) as Record<string, unknown>;
  const role = json['role'];
  const roles = Array.isArray(role) ? role.map(String) : typeof role === 'string' ? [role] : [];
  return { subject: String(json['sub'] ?? ''), agency: String(json['dx_agency'] ?? ''), roles };
}

function decodeBase64Url(value: string): string {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
