import { generateApiKey, parseApiKey, secretMatches } from './api-key-secret';

describe('API key secrets', () => {
  it('generates a recognisable key whose secret matches the stored hash', () => {
    const sut = generateApiKey();
    expect(sut.key).toMatch(/^rtk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(sut.key);
    expect(parsed?.prefix).toBe(sut.prefix);
    expect(secretMatches(parsed!.secret, sut.secretHash)).toBe(true);
  });

  it('never stores the secret itself', () => {
    const sut = generateApiKey();
    const secret = parseApiKey(sut.key)!.secret;
    expect(sut.secretHash).not.toContain(secret);
    expect(sut.secretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a secret that differs by one character', () => {
    const sut = generateApiKey();
    const secret = parseApiKey(sut.key)!.secret;
    const tampered = (secret[0] === 'A' ? 'B' : 'A') + secret.slice(1);
    expect(secretMatches(tampered, sut.secretHash)).toBe(false);
  });

  it('does not parse something that is not one of its keys', () => {
    expect(parseApiKey('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBeNull();
    expect(parseApiKey('rtk_short_secret')).toBeNull();
  });

  it('makes distinct keys', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().prefix));
    expect(keys.size).toBe(200);
  });
});
