import { decodeCursor, encodeCursor, likePattern, likePrefix, toPage } from './pagination';
import { ValidationProblem } from './problem.exception';

const ID = '6f1c2a9e-8d2b-4c1e-9a53-0f1e2d3c4b5a';

describe('cursor encoding', () => {
  it.each([
    [new Date('2026-11-30T12:34:56.789Z'), ID],
    [new Date(0), '00000000-0000-0000-0000-000000000000'],
    [new Date('1999-12-31T23:59:59.999Z'), ID],
  ])('decodes what it encoded: %s', (createdAt, id) => {
    const cursor = encodeCursor(createdAt, id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ createdAt, id });
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['empty', ''],
    ['JSON that is not a pair', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad date', Buffer.from(JSON.stringify(['yesterday', ID])).toString('base64url')],
    [
      'an id that is not a uuid',
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', "1' OR 1=1"])).toString('base64url'),
    ],
  ])('refuses a cursor that is %s, as a 422 on `cursor`', (_, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationProblem);
    expect((thrown as ValidationProblem).fieldErrors).toEqual([
      { path: 'cursor', message: 'cursor is not one this API returned' },
    ]);
  });
});

describe('LIKE patterns', () => {
  it.each([
    ['plain', '%plain%', 'plain%'],
    ['100%', '%100\\%%', '100\\%%'],
    ['a_b', '%a\\_b%', 'a\\_b%'],
    ['back\\slash', '%back\\\\slash%', 'back\\\\slash%'],
  ])('escapes the wildcards of %j', (input, contains, startsWith) => {
    expect(likePattern(input)).toBe(contains);
    expect(likePrefix(input)).toBe(startsWith);
  });
});

describe(toPage.name, () => {
  const rows = [3, 2, 1].map((n) => ({ id: `${ID.slice(0, -1)}${n}`, at: new Date(n * 1000) }));

  it('keeps `limit` rows and a cursor after the last of them when one more was fetched', () => {
    const page = toPage(rows, 2, (row) => row.at);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(decodeCursor(page.nextCursor!)).toEqual({ createdAt: rows[1].at, id: rows[1].id });
  });

  it('has no cursor on the last page', () => {
    expect(toPage(rows, 3, (row) => row.at)).toEqual({ items: rows, nextCursor: null });
    expect(toPage([], 3, (row: (typeof rows)[number]) => row.at)).toEqual({ items: [], nextCursor: null });
  });
});
