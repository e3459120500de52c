import { QueryFailedError } from 'typeorm';
import { ProblemException } from '../../common/problem.exception';
import { isPermanentError } from './permanent-error';

const queryError = (code?: string) =>
  new QueryFailedError('UPDATE calculations …', [], Object.assign(new Error('driver'), code ? { code } : {}));

describe(isPermanentError.name, () => {
  it('takes a statement PostgreSQL refused as final', () => {
    expect(isPermanentError(queryError('22P05'))).toBe(true);
    expect(isPermanentError(queryError('23505'))).toBe(true);
  });

  it('retries what an unreachable or overloaded database says', () => {
    for (const code of ['08006', '57P01', '57P03', '53300', '40001', '40P01', 'ECONNRESET', 'EPIPE', undefined]) {
      expect(isPermanentError(queryError(code))).toBe(false);
    }
    expect(isPermanentError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
  });

  it('takes our own 4xx problems as final and 5xx ones as passing', () => {
    expect(isPermanentError(new ProblemException(413, 'file-too-large', 'too large'))).toBe(true);
    expect(isPermanentError(new ProblemException(503, 'storage-unavailable', 'try again'))).toBe(false);
  });
});
