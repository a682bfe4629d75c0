import { describe, expect, it } from 'vitest';
import { tokenFacts } from './token';

/** Base64url without padding, as in a JWT. */
function base64url(text: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(text));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const HEADER = base64url('{"alg":"HS256","typ":"JWT"}');
const jwt = (claims: unknown) => `${HEADER}.${base64url(JSON.stringify(claims))}.c2lnbmF0dXJl`;

describe('tokenFacts', () => {
  it('reads the identity and the role attribute', () => {
    const token = jwt({
      sub: 'ada__x1y2',
      name: 'Ada',
      attributes: { role: 'host', other: 'x' },
      video: { room: 'r' },
    });
    expect(tokenFacts(token)).toEqual({ identity: 'ada__x1y2', role: 'host' });
  });

  it('has no role in a room without a host', () => {
    expect(tokenFacts(jwt({ sub: 'bob' }))).toEqual({ identity: 'bob', role: undefined });
    expect(tokenFacts(jwt({ sub: 'bob', attributes: {} }))).toEqual({ identity: 'bob', role: undefined });
  });

  it('decodes UTF-8 and base64url characters', () => {
    // "ü?>" and "~~~" encode to base64 with "+" and "/", which base64url writes as "-" and "_".
    const claims = { sub: 'zoë-李雷-👋', attributes: { role: 'ü?>~~~' } };
    const token = jwt(claims);
    expect(token.split('.')[1]).toMatch(/[-_]/);
    expect(tokenFacts(token)).toEqual({ identity: 'zoë-李雷-👋', role: 'ü?>~~~' });
  });

  it('reads payloads of every padding length', () => {
    for (const sub of ['a', 'ab', 'abc', 'abcd']) expect(tokenFacts(jwt({ sub })).identity, sub).toBe(sub);
  });

  it('ignores claims of the wrong type', () => {
    const nothing = { identity: undefined, role: undefined };
    expect(tokenFacts(jwt({ sub: 42, attributes: { role: true } }))).toEqual(nothing);
    expect(tokenFacts(jwt({ sub: 'a', attributes: 'role=host' }))).toEqual({ identity: 'a', role: undefined });
    expect(tokenFacts(jwt({ sub: 'a', attributes: null }))).toEqual({ identity: 'a', role: undefined });
  });

  it('knows nothing of a token without three parts', () => {
    for (const token of ['', 'abc', `${HEADER}.${base64url('{"sub":"a"}')}`, `${jwt({ sub: 'a' })}.extra`]) {
      expect(tokenFacts(token), token).toEqual({});
    }
  });

  it('knows nothing of a payload that is not a JSON object', () => {
    const tokens = [
      `${HEADER}.${base64url('{"sub":')}.sig`, // malformed JSON
      `${HEADER}.${base64url('null')}.sig`,
      `${HEADER}.${base64url('"ada"')}.sig`,
      `${HEADER}.${base64url('42')}.sig`,
      `${HEADER}.!!!.sig`, // not base64
      `${HEADER}..sig`,
    ];
    for (const token of tokens) expect(tokenFacts(token), token).toEqual({});
  });
});
