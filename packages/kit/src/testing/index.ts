export * from './infra.ts';
export * from './service.ts';
