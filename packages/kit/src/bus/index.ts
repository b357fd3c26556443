export { createMemoryBus, type MemoryBusOptions } from './memory-bus.ts';
export { createRedisBus, type RedisBusOptions } from './redis-bus.ts';
export { DEFAULT_MAX_ATTEMPTS, DEFAULT_REDELIVER_AFTER_MS, type BusLog } from './common.ts';
