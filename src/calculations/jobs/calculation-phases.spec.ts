import { CalculationPhase, HeldPhases } from './calculation-phases';

describe(HeldPhases.name, () => {
  it('holds timings until released, then passes them and every later one on', () => {
    const reported: [CalculationPhase, number][] = [];
    const sut = new HeldPhases((phase, seconds) => reported.push([phase, seconds]));
    sut.observe('prepare', 0.01);
    sut.observe('sandbox', 0.2);
    expect(reported).toEqual([]);
    sut.release();
    sut.observe('code', 1);
    expect(reported).toEqual([
      ['prepare', 0.01],
      ['sandbox', 0.2],
      ['code', 1],
    ]);
  });

  it('passes nothing on when never released (the job went back to the queue)', () => {
    const reported: unknown[] = [];
    const sut = new HeldPhases(() => reported.push(1));
    sut.observe('prepare', 0.01);
    expect(reported).toEqual([]);
  });
});
