import { z } from 'zod';
import { AppError, CommonErrors } from './errors';

/** Query parameters every list accepts. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1–200'),
  cursor: z.string().max(500).optional().describe('The nextCursor of the previous page'),
});

export type CursorValue = string | number | boolean | null;

/** Encodes the sort key of the last row of a page as an opaque cursor. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor, checking it holds `arity` values; a bad cursor is a 400, never a crash. */
export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === arity && values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
      return values as CursorValue[];
    }
  } catch {
    // fall through
  }
  throw new AppError(CommonErrors.invalid_cursor, { errors: [{ path: 'cursor', message: 'invalid cursor' }] });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells that another page exists.
 * @example toPage(rows, 50, (r) => [r.id])
 */
export function toPage<R, T = R>(rows: R[], limit: number, cursorOf: (row: R) => CursorValue[], map?: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return {
    items: kept.map((r) => (map ? map(r) : (r as unknown as T))),
    nextCursor: more ? encodeCursor(cursorOf(kept[kept.length - 1]!)) : null,
  };
}

/** Zod schema for a page of items, for responses and the OpenAPI document. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
