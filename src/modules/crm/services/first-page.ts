import { sql, type SQL } from 'drizzle-orm';
import { inTransaction, type Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';

/**
 * From how many matches a first page is found by walking the sort's index rather than collecting
 * every match and sorting. Walking reads about (profiles ÷ matches) × page rows; collecting reads
 * every match. The planner guesses the matches of an AND/OR rule from per-column statistics and
 * guessed 10–100× wrong on broad rules in the segment bench (a 772,078-profile page took 705 ms,
 * sorted); callers here know the exact number from the count they just took.
 */
export const WALK_FROM = 2000;

/**
 * Runs a first-page query (`order by <indexed key> desc limit n`). With at least `WALK_FROM`
 * expected matches, sorting and bitmap scans are switched off for this query only, so the plan
 * walks the index in order and stops after one page.
 */
export async function firstPage<T>(ctx: Ctx, query: SQL, matches: number): Promise<T[]> {
  if (matches < WALK_FROM) return queryRows<T>(ctx.tx, query);
  return inTransaction(ctx, async (ctx) => {
    const [was] = await queryRows<{ s: string; b: string }>(
      ctx.tx,
      sql`select current_setting('enable_sort') as s, current_setting('enable_bitmapscan') as b, set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`,
    );
    const rows = await queryRows<T>(ctx.tx, query);
    await ctx.tx.execute(sql`select set_config('enable_sort', ${was!.s}, true), set_config('enable_bitmapscan', ${was!.b}, true)`);
    return rows;
  });
}
