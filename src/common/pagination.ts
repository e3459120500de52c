import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationProblem } from './problem.exception';
import { Optional, QueryInt } from './validation';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const LIMIT_MESSAGE = `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`;

/**
 * Keyset pagination: newest first, stable under inserts, served by a (…, created_at DESC, id DESC)
 * index. Paginated timestamps are stored with millisecond precision so that a cursor (a JS Date) is
 * exact.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, example: 20 })
  @Optional()
  @QueryInt()
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(MAX_PAGE_SIZE, { message: LIMIT_MESSAGE })
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page', maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw new ValidationProblem([{ path: 'cursor', message: 'cursor is not one this API returned' }]);
  }
}

/** Applies ordering, the cursor condition and the limit (+1 to know whether a next page exists). */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  page: PageQueryDto,
  sortKey: { column: string; of: (row: T) => Date } = {
    column: `${query.alias}.created_at`,
    of: (row) => (row as unknown as { createdAt: Date }).createdAt,
  },
): Promise<Page<T>> {
  const createdAtColumn = sortKey.column;
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const idColumn = `${query.alias}.id`;
  if (page.cursor) {
    const cursor = decodeCursor(page.cursor);
    query.andWhere(`(${createdAtColumn}, ${idColumn}) < (:cursorCreatedAt, :cursorId)`, {
      cursorCreatedAt: cursor.createdAt,
      cursorId: cursor.id,
    });
  }
  const rows = await query
    .orderBy(createdAtColumn, 'DESC')
    .addOrderBy(idColumn, 'DESC')
    .limit(limit + 1)
    .getMany();
  return toPage(rows, limit, sortKey.of);
}

/**
 * A page from up to `limit + 1` rows fetched newest first: the first `limit`, and a cursor after the
 * last of them when there was one more.
 */
export function toPage<T extends { id: string }>(rows: T[], limit: number, sortKeyOf: (row: T) => Date): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(sortKeyOf(last), last.id) : null };
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** A LIKE pattern for "contains", with the wildcards of user input escaped. */
export function likePattern(search: string): string {
  return `%${escapeLike(search)}%`;
}

/** A LIKE pattern for "starts with", with the wildcards of user input escaped. */
export function likePrefix(prefix: string): string {
  return `${escapeLike(prefix)}%`;
}
