import { LogBatcher, LogStream } from './log-batcher';

describe(LogBatcher.name, () => {
  let published: [LogStream, string][];
  let sut: LogBatcher;

  beforeEach(() => {
    jest.useFakeTimers();
    published = [];
    sut = new LogBatcher((stream, text) => published.push([stream, text]), { flushMs: 250, maxBytes: 10 });
  });

  afterEach(() => jest.useRealTimers());

  it.each<[string, [LogStream, string][], [LogStream, string][]]>([
    ['one chunk', [['stdout', 'a']], [['stdout', 'a']]],
    [
      'chunks of one stream, joined in order',
      [
        ['stdout', 'a'],
        ['stdout', 'b'],
        ['stdout', 'c'],
      ],
      [['stdout', 'abc']],
    ],
    [
      'both streams, one event each, stdout first',
      [
        ['stderr', 'e1'],
        ['stdout', 'o1'],
        ['stderr', 'e2'],
      ],
      [
        ['stdout', 'o1'],
        ['stderr', 'e1e2'],
      ],
    ],
    [
      'nothing past the byte budget',
      [
        ['stdout', '1234567'],
        ['stdout', '890'],
        ['stdout', 'dropped'],
      ],
      [['stdout', '1234567890']],
    ],
    [
      'the chunk that crosses the budget, whole',
      [
        ['stdout', '123456789'],
        ['stderr', 'abc'],
        ['stdout', 'x'],
      ],
      [
        ['stdout', '123456789'],
        ['stderr', 'abc'],
      ],
    ],
    ['empty text as nothing', [['stdout', '']], []],
  ])('publishes %s once the flush interval has passed', (_, chunks, expected) => {
    for (const [stream, text] of chunks) sut.add(stream, text);
    expect(published).toEqual([]);
    jest.advanceTimersByTime(250);
    expect(published).toEqual(expected);
  });

  it('waits for the interval from the first unsent chunk, then starts a new batch', () => {
    sut.add('stdout', 'a');
    jest.advanceTimersByTime(200);
    sut.add('stdout', 'b');
    jest.advanceTimersByTime(50);
    expect(published).toEqual([['stdout', 'ab']]);
    sut.add('stdout', 'c');
    jest.advanceTimersByTime(249);
    expect(published).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(published).toEqual([
      ['stdout', 'ab'],
      ['stdout', 'c'],
    ]);
  });

  it('sends what is pending at once on flush(), and nothing twice', () => {
    sut.add('stderr', 'now');
    sut.flush();
    expect(published).toEqual([['stderr', 'now']]);
    jest.advanceTimersByTime(1000);
    expect(published).toHaveLength(1);
  });
});
