import { AppConfig, parseDockerHost } from './app-config';
import { ConfigurationError, validateEnvironment } from './environment';
import { REQUIRED_ENVIRONMENT } from './environment.fixture';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe(validateEnvironment.name, () => {
  it('accepts the required variables and fills in defaults', () => {
    const sut = validateEnvironment(REQUIRED_ENVIRONMENT);
    expect(sut.API_PORT).toBe(3000);
    expect(sut.DATABASE_MIGRATIONS_RUN).toBe(true);
    expect(sut.SANDBOX_DEFAULT_IMAGE).toBe('retort/sandbox-python-scientific:1.0.0');
  });

  it('names a missing required variable', () => {
    const { DATABASE_HOST: _omitted, ...rest } = REQUIRED_ENVIRONMENT;
    expect(problemsOf(rest)).toEqual(['DATABASE_HOST is required but not set']);
  });

  it('treats an empty value as not set', () => {
    expect(problemsOf({ ...REQUIRED_ENVIRONMENT, KEYCLOAK_URL: '' })).toEqual(['KEYCLOAK_URL is required but not set']);
  });

  it('reports every problem at once, each naming its variable', () => {
    const problems = problemsOf({
      ...REQUIRED_ENVIRONMENT,
      API_PORT: '70000',
      DATABASE_SSL: 'maybe',
      REDIS_URL: 'localhost',
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/API_PORT is invalid/);
    expect(problems.join('\n')).toMatch(/DATABASE_SSL is invalid/);
    expect(problems.join('\n')).toMatch(/REDIS_URL is invalid/);
  });

  it('never repeats a secret value in its messages', () => {
    const problems = problemsOf({
      ...REQUIRED_ENVIRONMENT,
      DATABASE_PORT: 'not-a-port',
      DATABASE_PASSWORD: 's3cret-value',
    });
    expect(problems.join('\n')).not.toContain('s3cret-value');
  });

  it('parses booleans and integers from strings', () => {
    const sut = validateEnvironment({ ...REQUIRED_ENVIRONMENT, DATABASE_SSL: 'true', DATABASE_POOL_SIZE: '25' });
    expect(sut.DATABASE_SSL).toBe(true);
    expect(sut.DATABASE_POOL_SIZE).toBe(25);
  });
});

describe(AppConfig.name, () => {
  it('derives the issuer and JWKS address from the Keycloak URL and realm', () => {
    const sut = AppConfig.fromEnvironment({ ...REQUIRED_ENVIRONMENT, KEYCLOAK_URL: 'http://keycloak:8080/' });
    expect(sut.keycloak.issuer).toBe('http://keycloak:8080/realms/retort');
    expect(sut.keycloak.jwksUri).toBe('http://keycloak:8080/realms/retort/protocol/openid-connect/certs');
  });

  it('uses an explicit issuer when clients see Keycloak under another name', () => {
    const sut = AppConfig.fromEnvironment({
      ...REQUIRED_ENVIRONMENT,
      KEYCLOAK_ISSUER: 'http://localhost:8080/realms/retort',
    });
    expect(sut.keycloak.issuer).toBe('http://localhost:8080/realms/retort');
    expect(sut.keycloak.jwksUri).toBe('http://keycloak:8080/realms/retort/protocol/openid-connect/certs');
  });

  it('leaves S3 credentials to the SDK chain when none are given', () => {
    expect(AppConfig.fromEnvironment(REQUIRED_ENVIRONMENT).s3.credentials).toBeUndefined();
  });
});

describe(parseDockerHost.name, () => {
  it('defaults to the local socket', () => {
    expect(parseDockerHost(undefined)).toEqual({ socketPath: '/var/run/docker.sock' });
  });

  it('reads a unix socket and a tcp address', () => {
    expect(parseDockerHost('unix:///run/user/1000/docker.sock')).toEqual({ socketPath: '/run/user/1000/docker.sock' });
    expect(parseDockerHost('tcp://10.0.0.5:2375')).toEqual({ protocol: 'http', host: '10.0.0.5', port: 2375 });
  });
});
