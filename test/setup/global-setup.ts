import './load-env';
import { AppConfig } from '../../src/config/app-config';
import { createScratchDatabase, migrate } from '../helpers/database';

/** A fresh, migrated database for each test run; test workers inherit its name. */
export default async function globalSetup(): Promise<void> {
  const config = AppConfig.fromEnvironment(process.env);
  const database = await createScratchDatabase(config, 'retort_test');
  await migrate(config, database);
  process.env.RETORT_TEST_DATABASE = database;
  process.env.DATABASE_NAME = database;
  // Queues of their own too: a run never takes another run's (or a developer's) jobs.
  process.env.QUEUE_PREFIX = database;
}
