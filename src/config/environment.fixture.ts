/** What AppConfig cannot start without, with placeholder values: for unit tests that build a config. */
export const REQUIRED_ENVIRONMENT = {
  DATABASE_HOST: 'db',
  DATABASE_USER: 'retort',
  DATABASE_PASSWORD: 's3cret-value',
  DATABASE_NAME: 'retort',
  REDIS_URL: 'redis://localhost:6379',
  S3_BUCKET: 'retort',
  KEYCLOAK_URL: 'http://keycloak:8080',
  KEYCLOAK_REALM: 'retort',
};
