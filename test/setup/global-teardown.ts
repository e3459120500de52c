import './load-env';
import { AppConfig } from '../../src/config/app-config';
import { LABEL_CALCULATION, LABEL_INSTALLATION, LABEL_WORKER } from '../../src/sandbox/container-spec';
import { DockerAdapter } from '../../src/sandbox/docker.adapter';
import { dropDatabase } from '../helpers/database';

/**
 * Sandboxes of this run still on the engine. Its installation (queue prefix) dies with the run, so no
 * later worker's reaper would ever see them: they are named, for whoever looks into a leak, and removed.
 */
async function removeLeftSandboxes(config: AppConfig, installation: string): Promise<void> {
  const docker = new DockerAdapter(config);
  const left = await docker.listByLabel(`${LABEL_INSTALLATION}=${installation}`);
  for (const container of left) {
    const { [LABEL_CALCULATION]: calculation = 'warm', [LABEL_WORKER]: worker } = container.labels;
    console.warn(`sandbox left by this run: ${container.name} (calculation ${calculation}, worker ${worker})`);
    await docker.remove(container.id);
  }
}

export default async function globalTeardown(): Promise<void> {
  const database = process.env.RETORT_TEST_DATABASE;
  if (!database) return;
  const config = AppConfig.fromEnvironment(process.env);
  await removeLeftSandboxes(config, database).catch((error: Error) =>
    console.warn(`left sandboxes not looked for: ${error.message}`),
  );
  await dropDatabase(config, database);
}
