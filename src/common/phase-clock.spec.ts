import { setTimeout as sleep } from 'node:timers/promises';
import { PhaseClock } from './phase-clock';

describe(PhaseClock.name, () => {
  it('reports each phase as the time since the previous lap, and skips what restart leaves out', async () => {
    const laps: [string, number][] = [];
    const sut = new PhaseClock<'a' | 'b' | 'c'>((phase, seconds) => laps.push([phase, seconds]));
    await sleep(30);
    sut.lap('a');
    await sleep(60);
    sut.restart();
    await sleep(10);
    sut.lap('b');
    sut.lap('c');
    expect(laps.map(([phase]) => phase)).toEqual(['a', 'b', 'c']);
    expect(laps[0][1]).toBeGreaterThanOrEqual(0.025);
    expect(laps[1][1]).toBeGreaterThanOrEqual(0.005);
    expect(laps[1][1]).toBeLessThan(0.05);
    expect(laps[2][1]).toBeLessThan(0.005);
  });

  it('reports nothing without a reporter', () => {
    expect(() => new PhaseClock().lap('a')).not.toThrow();
  });
});
