import { describe, expect, it } from 'vitest';
import { canRetrain, claimsOf } from './auth';

const encode = (value: object): string => btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (payload: object): string => `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.signature`;

describe('claimsOf', () => {
  it('reads the user, the roles (one or several) and the expiry', () => {
    expect(claimsOf(jwt({ sub: 'ann', role: ['labeller', 'admin'], exp: 1_800_000_000 }))).toEqual({
      user: 'ann',
      roles: ['labeller', 'admin'],
      expiresAt: new Date(1_800_000_000_000),
    });
    expect(claimsOf(jwt({ sub: 'bob', role: 'auditor' }))?.roles).toEqual(['auditor']);
  });

  it('decodes base64url payloads of UTF-8 text', () => {
    expect(claimsOf(jwt({ sub: 'Jürgen ?>~', role: 'labeller' }))?.user).toBe('Jürgen ?>~');
  });

  it('refuses what is not a token', () => {
    expect(claimsOf(null)).toBeNull();
    expect(claimsOf('nonsense')).toBeNull();
    expect(claimsOf('a.%%%.c')).toBeNull();
    expect(claimsOf(jwt({ role: 'labeller' }))).toBeNull();
  });
});

describe('canRetrain', () => {
  it('admits admins only, as the server\'s Administer policy does', () => {
    expect(canRetrain(claimsOf(jwt({ sub: 'ada', role: ['labeller', 'admin'] })))).toBe(true);
    expect(canRetrain(claimsOf(jwt({ sub: 'ann', role: 'labeller' })))).toBe(false);
    expect(canRetrain(claimsOf(jwt({ sub: 'audrey', role: 'auditor' })))).toBe(false);
    expect(canRetrain(null)).toBe(false);
  });
});
