import { AppError, ErrorCodes } from '@switchboard/contracts';
import { generateApiKey, hashApiKey } from '@switchboard/tenancy';
import {
  JWT_SECRET,
  SECRET_KEY,
  codeOf,
  fakeSource,
  hs256,
  principal,
  requestWith,
} from './auth-fixtures';
import { createAuthenticator, type PrincipalSource } from './authenticator';
import { createJwtVerifier } from './jwt-verifier';

describe('createAuthenticator', () => {
  const { key } = generateApiKey();
  const verifyJwt = createJwtVerifier({
    secret: JWT_SECRET,
    tenantClaim: 'tenant_id',
    production: false,
  });

  it('requires credentials in required mode, and lets optional mode act as development', async () => {
    const { source } = fakeSource(key);
    const required = createAuthenticator({
      mode: 'required',
      secretKey: SECRET_KEY,
      verifyJwt,
      source,
      cacheTtlMs: 0,
    });
    const optional = createAuthenticator({
      mode: 'optional',
      secretKey: SECRET_KEY,
      verifyJwt,
      source,
      cacheTtlMs: 0,
    });
    expect(await codeOf(required(requestWith({})))).toBe('unauthorized');
    expect((await optional(requestWith({}))).tenant_id).toBe('development');
  });

  it('refuses credentials that do not verify in every mode, and never falls back to development', async () => {
    const { source } = fakeSource(key);
    for (const mode of ['required', 'optional'] as const) {
      const authenticate = createAuthenticator({
        mode,
        secretKey: SECRET_KEY,
        verifyJwt,
        source,
        cacheTtlMs: 0,
      });
      expect(await codeOf(authenticate(requestWith({ 'x-api-key': generateApiKey().key })))).toBe(
        'unauthorized',
      );
      expect(await codeOf(authenticate(requestWith({ authorization: 'Bearer a.b.c' })))).toBe(
        'unauthorized',
      );
      expect(await codeOf(authenticate(requestWith({ authorization: 'Token x' })))).toBe(
        'unauthorized',
      );
      expect((await authenticate(requestWith({ 'x-api-key': key }))).tenant_id).toBe('acme');
    }
  });

  it('sends the source a keyed hash, never the key, and remembers the answer for the TTL only', async () => {
    let now = 0;
    const seen: string[] = [];
    const { source, calls } = fakeSource(key);
    const spying: PrincipalSource = {
      ...source,
      byApiKey: (prefix, hash) => {
        seen.push(prefix, hash);
        return source.byApiKey(prefix, hash);
      },
    };
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const authenticate = createAuthenticator({
        mode: 'required',
        secretKey: SECRET_KEY,
        verifyJwt,
        source: spying,
        cacheTtlMs: 1_000,
      });
      await authenticate(requestWith({ 'x-api-key': key }));
      await authenticate(requestWith({ authorization: `Bearer ${key}` }));
      expect(calls.byApiKey).toBe(1);
      now = 1_001;
      await authenticate(requestWith({ 'x-api-key': key }));
      expect(calls.byApiKey).toBe(2);
      expect(seen.join(' ')).not.toContain(key);
      expect(seen).toContain(hashApiKey(SECRET_KEY, key));
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('remembers a refused key briefly, so a flood of one bad key costs one lookup', async () => {
    let now = 0;
    const { source, calls } = fakeSource(key);
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const authenticate = createAuthenticator({
        mode: 'required',
        secretKey: SECRET_KEY,
        verifyJwt,
        source,
        cacheTtlMs: 1_000,
        negativeCacheTtlMs: 500,
      });
      const bad = generateApiKey().key;
      const refusals = await Promise.all(
        Array.from({ length: 20 }, () => codeOf(authenticate(requestWith({ 'x-api-key': bad })))),
      );
      for (let i = 0; i < 20; i += 1) {
        refusals.push(await codeOf(authenticate(requestWith({ 'x-api-key': bad }))));
      }
      expect(refusals).toEqual(Array<string>(40).fill(ErrorCodes.unauthorized));
      expect(calls.byApiKey).toBe(1);
      // Only for the negative TTL: a key issued since then works at once afterwards.
      now = 501;
      expect(await codeOf(authenticate(requestWith({ 'x-api-key': bad })))).toBe(
        ErrorCodes.unauthorized,
      );
      expect(calls.byApiKey).toBe(2);
      // A good key is unaffected by the bad one.
      expect((await authenticate(requestWith({ 'x-api-key': key }))).tenant_id).toBe('acme');
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('does not remember a lookup that failed for another reason than a bad key', async () => {
    let available = false;
    const { source, calls } = fakeSource(key);
    const flaky: PrincipalSource = {
      ...source,
      byApiKey: (prefix, hash) =>
        available
          ? source.byApiKey(prefix, hash)
          : Promise.reject(new AppError(ErrorCodes.unavailable, 'down')),
    };
    const authenticate = createAuthenticator({
      mode: 'required',
      secretKey: SECRET_KEY,
      verifyJwt,
      source: flaky,
      cacheTtlMs: 1_000,
      negativeCacheTtlMs: 60_000,
    });
    expect(await codeOf(authenticate(requestWith({ 'x-api-key': key })))).toBe(
      ErrorCodes.unavailable,
    );
    available = true;
    expect((await authenticate(requestWith({ 'x-api-key': key }))).tenant_id).toBe('acme');
    expect(calls.byApiKey).toBe(1);
  });

  it('takes the tenant of a verified JWT, which must exist', async () => {
    const { source } = fakeSource(key);
    const authenticate = createAuthenticator({
      mode: 'required',
      secretKey: SECRET_KEY,
      verifyJwt,
      source,
      cacheTtlMs: 0,
    });
    const token = await hs256({ tenant_id: 'globex' });
    expect(await authenticate(requestWith({ authorization: `Bearer ${token}` }))).toEqual(
      principal('globex'),
    );
    const ghost = await hs256({ tenant_id: 'ghost' });
    expect(await codeOf(authenticate(requestWith({ authorization: `Bearer ${ghost}` })))).toBe(
      'unauthorized',
    );
  });
});
