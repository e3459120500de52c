import './load-env';
import { AppConfig } from '../../src/config/app-config';
import { dropDatabase } from '../helpers/database';

export default async function globalTeardown(): Promise<void> {
  const database = process.env.RETORT_TEST_DATABASE;
  if (!database) return;
  await dropDatabase(AppConfig.fromEnvironment(process.env), database);
}
