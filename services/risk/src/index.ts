export { riskService, createRiskService, riskDeps, type RiskServiceOptions } from './app.ts';
export type { AccountStateSource } from './clients/portfolio.client.ts';
