import { JOB_QUEUES, JobName } from './job-names';
import { MaintenanceTasks } from './maintenance.processor';
import { QueueName } from './queue-names';

const task = { everyMs: 1000, run: () => Promise.resolve(null) };

/** Registers a handler for every job name, on the queue it belongs to, but those left out. */
function registerAll(sut: MaintenanceTasks, except: JobName[] = []): void {
  for (const name of Object.values(JobName).filter((each) => !except.includes(each))) {
    if (JOB_QUEUES[name] === QueueName.Maintenance) sut.register(name, task);
    else sut.registerProcessor(name, JOB_QUEUES[name]);
  }
}

describe(MaintenanceTasks.name, () => {
  it('accepts exactly one handler for every job name', () => {
    const sut = new MaintenanceTasks();
    registerAll(sut);
    expect(() => sut.assertEveryJobHandled()).not.toThrow();
  });

  it.each(Object.values(JobName))('refuses to start when %s has no handler', (name) => {
    const sut = new MaintenanceTasks();
    registerAll(sut, [name]);
    expect(() => sut.assertEveryJobHandled()).toThrow(`no handler for job(s): ${name}`);
  });

  it.each(Object.values(JobName))('refuses a second handler for %s', (name) => {
    const sut = new MaintenanceTasks();
    registerAll(sut);
    expect(() => sut.register(name, task)).toThrow(`job "${name}" has two handlers`);
    expect(() => sut.registerProcessor(name, JOB_QUEUES[name])).toThrow(`job "${name}" has two handlers`);
  });

  it('refuses a handler on the wrong queue', () => {
    const sut = new MaintenanceTasks();
    expect(() => sut.register(JobName.RunCalculation, task)).toThrow(
      'job "run-calculation" belongs to queue calculations, not maintenance',
    );
    expect(() => sut.registerProcessor(JobName.SyncUsers, QueueName.Calculations)).toThrow(/belongs to queue/);
  });
});
