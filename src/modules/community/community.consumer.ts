import type { Consumer } from '../../platform/consumers';
import { leaderProfileOf } from './services/leaders';

/** A leader account made directly by an owner gets its leader profile (listed, suspendable, with pickup points). */
export const communityConsumer: Consumer = {
  name: 'community',
  types: ['user.created'],
  async handle(ctx, event) {
    const p = event.payload as { userId: string; role: string };
    if (p.role === 'leader') await leaderProfileOf(ctx, p.userId);
  },
};
