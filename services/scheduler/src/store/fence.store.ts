/**
 * The scheduler's `fence` table (migration 003_fence): the highest fencing token of the leader
 * lease ever used to fire. The queries are the kit's, shared with every service that fences its
 * leader's writes.
 */
export { claimFence, readFence, type FenceState } from '@tradeplane/kit';
