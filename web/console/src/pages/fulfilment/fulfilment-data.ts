import { api } from '../../api/client';
import type { UncollectedOrder } from '../../api/fulfilment-types';

/** The most the API answers in one go (it has no cursor): the oldest first, which matter most. */
export const UNCOLLECTED_LIMIT = 200;

/** Orders waiting at their pickup point longer than `days` (the menu's badge reads it too). */
export function fetchUncollected(days: number) {
  return api.get<{ items: UncollectedOrder[] }>('/pickups/uncollected', { days, limit: UNCOLLECTED_LIMIT });
}
