// What the page needs to know about its own access token: the identity and the participant's
// `role` attribute (host or guest in rooms with a host). Read only, never verified here: the
// token came from this server and is checked by the LiveKit server.

export interface TokenFacts {
  identity?: string;
  role?: string;
}

function decodeSegment(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function tokenFacts(token: string): TokenFacts {
  const parts = token.split('.');
  if (parts.length !== 3) return {};
  try {
    const claims: unknown = JSON.parse(decodeSegment(parts[1]));
    if (!claims || typeof claims !== 'object') return {};
    const record = claims as { sub?: unknown; attributes?: unknown };
    const attributes =
      record.attributes && typeof record.attributes === 'object'
        ? (record.attributes as Record<string, unknown>)
        : {};
    return {
      identity: typeof record.sub === 'string' ? record.sub : undefined,
      role: typeof attributes.role === 'string' ? attributes.role : undefined,
    };
  } catch {
    return {};
  }
}
