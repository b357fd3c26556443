export * from './cloudevent.ts';
export * from './events.ts';
export * from './services.ts';
export * from './trading.ts';
export * from './market.ts';
export * from './assets.ts';
export * from './realtime.ts';
