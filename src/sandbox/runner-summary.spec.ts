import { CappedOutput } from './capped-output';
import { SUMMARY_MAX_BYTES, SummaryScanner } from './runner-summary';

const NONCE = 'n0nce';
const summaryLine = (body: object, nonce = NONCE) => `\x1eRETORT ${nonce} ${JSON.stringify(body)}\n`;
const BODY = {
  result: { value: { x: 1 } },
  resultInFile: false,
  error: null,
  errorInFile: false,
  progress: '{"fraction":1}',
  outputs: false,
};

function scan(chunks: (string | Buffer)[]) {
  const logs: string[] = [];
  const target = new CappedOutput(1 << 20, (text) => logs.push(text));
  const scanner = new SummaryScanner(target, NONCE);
  for (const chunk of chunks) scanner.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return new Promise<{ summary: ReturnType<SummaryScanner['finish']>; text: string; live: string[] }>((resolve) =>
    setImmediate(() => resolve({ summary: scanner.finish(), text: target.text, live: logs })),
  );
}

describe('SummaryScanner', () => {
  it('takes the summary line out of the logs and parses it', async () => {
    const { summary, text } = await scan(['hello\n', summaryLine(BODY)]);
    expect(text).toBe('hello\n');
    expect(summary).toEqual(BODY);
  });

  it('finds a summary split across chunks at every byte', async () => {
    const whole = Buffer.from(`out\n${summaryLine(BODY)}`);
    for (let cut = 1; cut < whole.length; cut++) {
      const { summary, text } = await scan([whole.subarray(0, cut), whole.subarray(cut)]);
      expect({ cut, summary, text }).toEqual({ cut, summary: BODY, text: 'out\n' });
    }
  });

  it('passes output through live, holding back only from a record separator', async () => {
    const { live } = await scan(['line 1\n', 'line 2\n']);
    expect(live).toEqual(['line 1\n', 'line 2\n']);
  });

  it('ignores a summary with another nonce, keeping it as output', async () => {
    const forged = summaryLine({ ...BODY, result: { value: 'forged' } }, 'guess');
    const { summary, text } = await scan([forged]);
    expect(summary).toBeNull();
    expect(text).toBe(forged);
  });

  it('keeps separators that start no summary, and unfinished or unparsable lines, as output', async () => {
    const noise = 'a\x1eb\x1eRETORT\x1e';
    expect(await scan([noise])).toMatchObject({ summary: null, text: noise });
    const broken = `\x1eRETORT ${NONCE} {not json\n`;
    expect(await scan([broken, 'after\n'])).toMatchObject({ summary: null, text: `${broken}after\n` });
    const unfinished = `\x1eRETORT ${NONCE} {"result":`;
    expect(await scan([unfinished])).toMatchObject({ summary: null, text: unfinished });
  });

  it('does not hold back more than a summary can be', async () => {
    const long = `\x1eRETORT ${NONCE} ${'x'.repeat(SUMMARY_MAX_BYTES)}`;
    const { live } = await scan([long.slice(0, 100), long.slice(100)]);
    expect(live.join('')).toBe(long);
  });

  it('keeps output written after the summary, and takes only the first summary', async () => {
    const { summary, text } = await scan([summaryLine(BODY), 'late\n', summaryLine({ ...BODY, outputs: true })]);
    expect(summary).toEqual(BODY);
    expect(text).toBe(`late\n${summaryLine({ ...BODY, outputs: true })}`);
  });

  it('reads missing or odd fields safely: outputs unknown means look', async () => {
    const { summary } = await scan([summaryLine({ result: 3, error: { value: null }, progress: 7 })]);
    expect(summary).toEqual({
      result: null,
      resultInFile: false,
      error: { value: null },
      errorInFile: false,
      progress: null,
      outputs: true,
    });
  });
});

describe('SummaryScanner, exit lines', () => {
  async function scanExits(chunks: string[]) {
    const statuses: number[] = [];
    const target = new CappedOutput(1 << 20);
    const scanner = new SummaryScanner(target, NONCE, (status) => statuses.push(status));
    for (const chunk of chunks) scanner.write(Buffer.from(chunk));
    await new Promise((resolve) => setImmediate(resolve));
    return { summary: scanner.finish(), statuses, text: target.text };
  }

  it('reports the exit status after the summary, keeping both out of the logs', async () => {
    const whole = `out\n${summaryLine(BODY)}\x1eRETORT-EXIT 0\n`;
    for (let cut = 1; cut < whole.length; cut += 7) {
      expect(await scanExits([whole.slice(0, cut), whole.slice(cut)])).toEqual({
        summary: BODY,
        statuses: [0],
        text: 'out\n',
      });
    }
  });

  it('reports an exit without a summary (the runner was killed), once', async () => {
    expect(await scanExits(['partial', '\x1eRETORT-EXIT 137\n', '\x1eRETORT-EXIT 1\n'])).toEqual({
      summary: null,
      statuses: [137],
      text: 'partial\x1eRETORT-EXIT 1\n',
    });
  });

  it('keeps a malformed exit line as output', async () => {
    expect(await scanExits(['\x1eRETORT-EXIT x\n'])).toEqual({
      summary: null,
      statuses: [],
      text: '\x1eRETORT-EXIT x\n',
    });
  });
});
