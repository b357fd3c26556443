import {
  RiskCheckResponse as RiskCheckResponseSchema,
  type RiskCheckRequest,
  type RiskCheckResponse,
} from '@tradeplane/contracts';
import type { Logger, ServiceClient } from '@tradeplane/kit';
import { Value } from 'typebox/value';
import { OrdersErrors } from '../domain/errors.ts';
import type { RiskGate } from '../domain/risk-gate.ts';
import type { Actor } from '../domain/types.ts';

/**
 * risk's `POST /internal/risk/check` over the kit's client. Fails closed: no answer, a timeout,
 * an open circuit, any non-2xx status or a body that is not a RiskCheckResponse all mean "no
 * decision", and the caller refuses the order with 503 ORDERS_RISK_UNAVAILABLE.
 */
export function httpRiskGate(client: ServiceClient, log: Logger): RiskGate {
  return {
    async check(req: RiskCheckRequest, as: Actor): Promise<RiskCheckResponse> {
      let res;
      try {
        res = await client.request<unknown>({
          method: 'POST',
          path: '/internal/risk/check',
          body: req,
          as: { userId: as.userId, roles: as.roles, plan: as.plan, scopes: [], via: 'service' },
          // A check changes nothing but risk's decision log, so a refused connection may be retried.
          idempotent: true,
        });
      } catch (err) {
        log.warn({ err, accountId: req.accountId }, 'risk check failed: no answer');
        throw OrdersErrors.riskUnavailable();
      }
      if (res.status !== 200 || !Value.Check(RiskCheckResponseSchema, res.body)) {
        log.warn({ status: res.status, accountId: req.accountId }, 'risk check failed: unusable answer');
        throw OrdersErrors.riskUnavailable();
      }
      return res.body;
    },
  };
}
