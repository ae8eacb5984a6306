import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('pagination', () => {
  it('round-trips a cursor', () => {
    const c = encodeCursor(['苹果', 'prd_01']);
    expect(decodeCursor(c, 2)).toEqual(['苹果', 'prd_01']);
  });
  it('turns a garbled or wrong-arity cursor into a 400', () => {
    for (const bad of ['%%%', encodeCursor(['a']), Buffer.from('{"a":1}').toString('base64url')]) {
      let caught: unknown;
      try {
        decodeCursor(bad, 2);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).status).toBe(400);
    }
  });
  it('uses the extra row only to tell that another page exists', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, 2, (r) => [r.id])).toEqual({ items: [{ id: 'a' }, { id: 'b' }], nextCursor: encodeCursor(['b']) });
    expect(toPage(rows, 3, (r) => [r.id]).nextCursor).toBeNull();
  });
});
