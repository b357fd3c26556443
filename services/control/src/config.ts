import { Type } from 'typebox';

export const ControlConfig = Type.Object({
  /** How often the health monitor polls every service. */
  HEALTH_POLL_MS: Type.Integer({ minimum: 200, maximum: 300_000, default: 10_000 }),
  /** Services expected to run; a missing one counts as down. Comma-separated. */
  CONTROL_EXPECTED_SERVICES: Type.String({ default: 'gateway,identity,control' }),
  /** Samples older than this are deleted. */
  HEALTH_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 7 }),
});
