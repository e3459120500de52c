import { setTimeout as sleep } from 'node:timers/promises';
import { settleAll } from './settle-all';

describe(settleAll.name, () => {
  it('resolves with every value, in order', async () => {
    await expect(settleAll([Promise.resolve(1), sleep(5).then(() => 'two')])).resolves.toEqual([1, 'two']);
  });

  it('rejects with the first failure only once every promise has settled', async () => {
    let slowDone = false;
    const slow = sleep(30).then(() => {
      slowDone = true;
    });
    await expect(settleAll([Promise.reject(new Error('first')), slow])).rejects.toThrow('first');
    expect(slowDone).toBe(true);
  });
});
