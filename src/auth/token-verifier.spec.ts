import { createLocalJWKSet, exportJWK, generateKeyPair, JWTPayload, JWTVerifyGetKey, SignJWT } from 'jose';
import { UnauthorizedProblem } from '../common/problem.exception';
import { TokenVerifier } from './token-verifier';

type SigningKey = Parameters<SignJWT['sign']>[0];

const ISSUER = 'http://keycloak.test/realms/retort';
const AUDIENCE = 'retort-api';

describe(TokenVerifier.name, () => {
  let sut: TokenVerifier;
  let sign: (payload: JWTPayload, options?: { key?: SigningKey; kid?: string; alg?: string }) => Promise<string>;
  let otherKey: SigningKey;
  let keyLookups = 0;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    ({ privateKey: otherKey } = await generateKeyPair('RS256'));
    const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    const keys = createLocalJWKSet({ keys: [jwk] });
    const countingKeys: JWTVerifyGetKey = (header, token) => {
      keyLookups += 1;
      return keys(header, token);
    };
    sut = TokenVerifier.withKeys(countingKeys, {
      issuer: ISSUER,
      audience: AUDIENCE,
      clockToleranceS: 5,
    });
    sign = (payload, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { typ: 'Bearer', iss: ISSUER, aud: AUDIENCE, sub: '0b9a4a52-6f4e-4c1a-9d32-1d1a6b0e8a11' };
      return new SignJWT({ ...claims, iat: now, exp: now + 300, ...payload })
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'key-1' })
        .sign(options.key ?? privateKey);
    };
  });

  const rejection = async (token: string): Promise<string> => {
    try {
      await sut.verify(token);
    } catch (error) {
      expect(error).toBeInstanceOf(UnauthorizedProblem);
      return ((error as UnauthorizedProblem).getResponse() as { detail: string }).detail;
    }
    throw new Error('the token was accepted');
  };

  it('accepts a valid access token and reads the identity and known roles', async () => {
    const identity = await sut.verify(
      await sign({
        preferred_username: 'alice',
        email: 'alice@example.org',
        given_name: 'Alice',
        family_name: 'Martin',
        name: 'Alice Martin',
        realm_access: { roles: ['user', 'offline_access', 'admin'] },
        resource_access: { [AUDIENCE]: { roles: ['tool-author'] } },
      }),
    );
    expect(identity).toEqual({
      keycloakId: '0b9a4a52-6f4e-4c1a-9d32-1d1a6b0e8a11',
      username: 'alice',
      email: 'alice@example.org',
      firstName: 'Alice',
      lastName: 'Martin',
      displayName: 'Alice Martin',
      roles: ['user', 'admin', 'tool-author'],
    });
  });

  it('verifies a token once and remembers it until it expires, but verifies every other token', async () => {
    const token = await sign({ preferred_username: 'cached' });
    const before = keyLookups;
    await sut.verify(token);
    await sut.verify(token);
    expect(keyLookups).toBe(before + 1);
    const [header, payload] = token.split('.');
    await rejection(`${header}.${payload}.${'A'.repeat(342)}`);
    expect(keyLookups).toBe(before + 2);
  });

  it('rejects an expired token', async () => {
    const token = await new SignJWT({ typ: 'Bearer' })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('s')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign((await generateKeyPair('RS256')).privateKey);
    // Signed by an unknown key as well: either reason must refuse it.
    expect(await rejection(token)).toMatch(/expired|unknown key|signature/);
  });

  it('rejects a token past its expiry beyond the clock tolerance', async () => {
    const past = Math.floor(Date.now() / 1000) - 30;
    const token = await sign({ exp: past });
    expect(await rejection(token)).toBe('the access token has expired');
  });

  it('accepts a token that expired within the clock tolerance', async () => {
    const token = await sign({ exp: Math.floor(Date.now() / 1000) - 2 });
    await expect(sut.verify(token)).resolves.toBeDefined();
  });

  it('rejects a token not yet valid', async () => {
    expect(await rejection(await sign({ nbf: Math.floor(Date.now() / 1000) + 120 }))).toMatch(/"nbf" claim/);
  });

  it('rejects a wrong issuer and a wrong audience', async () => {
    expect(await rejection(await sign({ iss: 'http://evil.test/realms/retort' }))).toMatch(/"iss" claim/);
    expect(await rejection(await sign({ aud: 'another-api' }))).toMatch(/"aud" claim/);
  });

  it('rejects a token signed by another key under the same kid', async () => {
    expect(await rejection(await sign({}, { key: otherKey }))).toBe('the access token signature is invalid');
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await sign({ realm_access: { roles: ['user'] } })).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        typ: 'Bearer',
        iss: ISSUER,
        aud: AUDIENCE,
        sub: 's',
        exp: 9e9,
        iat: 1,
        realm_access: { roles: ['admin'] },
      }),
    ).toString('base64url');
    expect(await rejection(`${header}.${forged}.${signature}`)).toBe('the access token signature is invalid');
  });

  it('rejects alg none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ typ: 'Bearer', iss: ISSUER, aud: AUDIENCE, sub: 's', exp: 9e9, iat: 1 }),
    ).toString('base64url');
    expect(await rejection(`${header}.${payload}.`)).toMatch(/algorithm|malformed/);
  });

  it('rejects a token that is not an access token', async () => {
    expect(await rejection(await sign({ typ: 'ID' }))).toMatch(/not an access token/);
  });

  it('rejects garbage', async () => {
    expect(await rejection('not-a-jwt')).toBe('the access token is malformed');
  });
});
