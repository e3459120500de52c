import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { buildDataSourceOptions } from '../../src/database/data-source';

function adminClient(config: AppConfig): Client {
  const db = config.database;
  return new Client({ host: db.host, port: db.port, user: db.username, password: db.password, database: 'postgres' });
}

/** Creates an empty database; the name is unique per call so concurrent runs never share one. */
export async function createScratchDatabase(config: AppConfig, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const client = adminClient(config);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return name;
}

export async function dropDatabase(config: AppConfig, name: string): Promise<void> {
  const client = adminClient(config);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function migrate(config: AppConfig, database: string): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(config, { database }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
