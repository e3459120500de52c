import { allowOrigin, removeOrigin } from './keycloak-origin';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const origin = new URL(process.env.RETORT_URL ?? 'http://127.0.0.1:3000').origin;
  await allowOrigin(origin);
  return () => removeOrigin(origin);
}
