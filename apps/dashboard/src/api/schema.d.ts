/**
 * GENERATED FILE — do not edit. The gateway's public API (every service's native /v1 paths) as
 * openapi-typescript types. Regenerate with `npx tsx apps/dashboard/scripts/gen-api.ts`;
 * apps/dashboard/test/api-drift.test.ts fails when this file is out of date.
 */
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Platform health */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              status: 'ok' | 'degraded';
              mode: string;
              services: {
                [key: string]: {
                  status: 'up' | 'down';
                  required: boolean;
                  instances: number;
                  error?: string;
                  checks?: unknown;
                };
              };
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              status: 'ok' | 'degraded';
              mode: string;
              services: {
                [key: string]: {
                  status: 'up' | 'down';
                  required: boolean;
                  instances: number;
                  error?: string;
                  checks?: unknown;
                };
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The user's accounts */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** Format: uuid */
                id: string;
                name: string;
                /** @description the account Alpaca-compatible API keys trade on */
                isDefault: boolean;
                broker: 'paper' | 'alpaca';
                status: 'active' | 'closed';
                /** @description starting cash (since the last reset); live cash is in portfolio */
                cash: string;
                marginEnabled: boolean;
                alpaca: {
                  keyId: string;
                  paper: boolean;
                  baseUrl: string;
                } | null;
                commission: {
                  perShare: string;
                  perOrder: string;
                  bps: string;
                  min: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                closedAt: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Open an account */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            /** @description starting cash; default 100000 */
            cash?: string;
            broker?: 'paper' | 'alpaca';
            marginEnabled?: boolean;
            commission?: {
              perShare?: string;
              perOrder?: string;
              bps?: string;
              min?: string;
            };
            alpaca?: {
              keyId: string;
              /** @description stored encrypted, never returned */
              secretKey: string;
              /** @description paper (default) or live trading URL */
              paper?: boolean;
              baseUrl?: string;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              name: string;
              /** @description the account Alpaca-compatible API keys trade on */
              isDefault: boolean;
              broker: 'paper' | 'alpaca';
              status: 'active' | 'closed';
              /** @description starting cash (since the last reset); live cash is in portfolio */
              cash: string;
              marginEnabled: boolean;
              alpaca: {
                keyId: string;
                paper: boolean;
                baseUrl: string;
              } | null;
              commission: {
                perShare: string;
                perOrder: string;
                bps: string;
                min: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              closedAt: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/accounts/{accountId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An account */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          accountId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              name: string;
              /** @description the account Alpaca-compatible API keys trade on */
              isDefault: boolean;
              broker: 'paper' | 'alpaca';
              status: 'active' | 'closed';
              /** @description starting cash (since the last reset); live cash is in portfolio */
              cash: string;
              marginEnabled: boolean;
              alpaca: {
                keyId: string;
                paper: boolean;
                baseUrl: string;
              } | null;
              commission: {
                perShare: string;
                perOrder: string;
                bps: string;
                min: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              closedAt: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/accounts/{accountId}/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Close an account without positions (cancels its open orders) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          accountId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              name: string;
              /** @description the account Alpaca-compatible API keys trade on */
              isDefault: boolean;
              broker: 'paper' | 'alpaca';
              status: 'active' | 'closed';
              /** @description starting cash (since the last reset); live cash is in portfolio */
              cash: string;
              marginEnabled: boolean;
              alpaca: {
                keyId: string;
                paper: boolean;
                baseUrl: string;
              } | null;
              commission: {
                perShare: string;
                perOrder: string;
                bps: string;
                min: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              closedAt: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/accounts/{accountId}/reset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reset a paper account to a cash amount (cancels its open orders); accepts Idempotency-Key */
    post: {
      parameters: {
        query?: never;
        header?: {
          'idempotency-key'?: string;
        };
        path: {
          accountId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            cash: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              name: string;
              /** @description the account Alpaca-compatible API keys trade on */
              isDefault: boolean;
              broker: 'paper' | 'alpaca';
              status: 'active' | 'closed';
              /** @description starting cash (since the last reset); live cash is in portfolio */
              cash: string;
              marginEnabled: boolean;
              alpaca: {
                keyId: string;
                paper: boolean;
                baseUrl: string;
              } | null;
              commission: {
                perShare: string;
                perOrder: string;
                bps: string;
                min: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              closedAt: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Alerts, newest first */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: uuid */
                id: string;
                kind: 'price' | 'news';
                symbol: string | null;
                direction: ('above' | 'below') | null;
                level: string | null;
                keyword: string | null;
                repeat: 'once' | 'rearm';
                note: string | null;
                status: 'active' | 'triggered';
                triggerCount: number;
                lastTriggeredAt: string | null;
                /** Format: date-time */
                createdAt: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Create a price alert (symbol crosses a level) or a news alert (symbol and/or keyword) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            kind: 'price' | 'news';
            symbol?: string;
            direction?: 'above' | 'below';
            /** @description positive decimal string */
            level?: string;
            keyword?: string;
            repeat?: 'once' | 'rearm';
            note?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              kind: 'price' | 'news';
              symbol: string | null;
              direction: ('above' | 'below') | null;
              level: string | null;
              keyword: string | null;
              repeat: 'once' | 'rearm';
              note: string | null;
              status: 'active' | 'triggered';
              triggerCount: number;
              lastTriggeredAt: string | null;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One alert */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              kind: 'price' | 'news';
              symbol: string | null;
              direction: ('above' | 'below') | null;
              level: string | null;
              keyword: string | null;
              repeat: 'once' | 'rearm';
              note: string | null;
              status: 'active' | 'triggered';
              triggerCount: number;
              lastTriggeredAt: string | null;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete an alert */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The user's API keys, newest first, without secrets */
    get: {
      parameters: {
        query: {
          limit: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** Format: uuid */
                id: string;
                name: string;
                /** @description Public key id, sent as APCA-API-KEY-ID: 'PK' and 18 uppercase alphanumerics */
                keyId: string;
                /** Format: date-time */
                createdAt: string;
                lastUsedAt: string | null;
                revokedAt: string | null;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Create an API key pair (the secret is shown once) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              name: string;
              /** @description Public key id, sent as APCA-API-KEY-ID: 'PK' and 18 uppercase alphanumerics */
              keyId: string;
              /** @description Sent as APCA-API-SECRET-KEY. Shown only in this response. */
              secret: string;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Exchange email and password for an access and a refresh token
     * @description Attempts are limited per email and per client IP; over the limit the answer is 429 with Retry-After.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            email: string;
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description ES256 JWT; verify with /.well-known/jwks.json */
              accessToken: string;
              /** @description Opaque; single use: each refresh returns a new one */
              refreshToken: string;
              /** @description Access token lifetime in seconds */
              expiresIn: number;
              /** @enum {string} */
              tokenType: 'Bearer';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke the refresh token's session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            refreshToken: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Exchange a refresh token for a new token pair
     * @description The presented token is spent. Presenting a spent token revokes every token of its session.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            refreshToken: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description ES256 JWT; verify with /.well-known/jwks.json */
              accessToken: string;
              /** @description Opaque; single use: each refresh returns a new one */
              refreshToken: string;
              /** @description Access token lifetime in seconds */
              expiresIn: number;
              /** @enum {string} */
              tokenType: 'Bearer';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/register': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create an account */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * Format: email
             * @description Compared case-insensitively; stored lowercase.
             */
            email: string;
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              email: string;
              role: 'user' | 'admin';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/control/services': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Registered service instances */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                service: string;
                instances: {
                  instanceId: string;
                  url: string;
                  version: string;
                  pid: number;
                  startedAt: string;
                  lastHeartbeat: string;
                }[];
              }[];
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/control/uptime': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Uptime per service over the last hour and day, from the health monitor */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                service: string;
                status: 'up' | 'down' | 'unknown';
                lastCheckedAt: string | null;
                lastLatencyMs: number | null;
                lastError: string | null;
                uptime1h: number | null;
                uptime24h: number | null;
                samples24h: number;
              }[];
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/journal': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Journal entries, newest first */
    get: {
      parameters: {
        query: {
          accountId?: string;
          tradeId?: string;
          tag?: string;
          limit: number;
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                id: string;
                accountId: string;
                tradeId: string;
                notes: string;
                tags: string[];
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Note a trade */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            tradeId: string;
            notes?: string;
            tags?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              accountId: string;
              tradeId: string;
              notes: string;
              tags: string[];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/journal/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One journal entry */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              accountId: string;
              tradeId: string;
              notes: string;
              tags: string[];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a journal entry */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change notes or tags */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            notes?: string;
            tags?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              accountId: string;
              tradeId: string;
              notes: string;
              tags: string[];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/v1/market/assets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every listed asset */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** Format: uuid */
                id: string;
                symbol: string;
                name: string;
                exchange: string;
                /** @description 'us_equity', or 'index' for a benchmark such as SPX */
                class: string;
                kind: 'stock' | 'etf' | 'index' | 'imported';
                sector: string | null;
                status: string;
                tradable: boolean;
                marginable: boolean;
                shortable: boolean;
                easyToBorrow: boolean;
                fractionable: boolean;
                /**
                 * @description decimal string
                 * @example 187.42
                 */
                minTick: string;
                /** @description priced live by the market (simulator or provider stream) */
                live: boolean;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/assets/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One asset */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description ticker symbol, e.g. AAPL */
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              symbol: string;
              name: string;
              exchange: string;
              /** @description 'us_equity', or 'index' for a benchmark such as SPX */
              class: string;
              kind: 'stock' | 'etf' | 'index' | 'imported';
              sector: string | null;
              status: string;
              tradable: boolean;
              marginable: boolean;
              shortable: boolean;
              easyToBorrow: boolean;
              fractionable: boolean;
              /**
               * @description decimal string
               * @example 187.42
               */
              minTick: string;
              /** @description priced live by the market (simulator or provider stream) */
              live: boolean;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/bars/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Historical bars, cursor-paginated (5Min, 15Min and 1Hour are aggregated from 1Min) */
    get: {
      parameters: {
        query: {
          /** @description 1Min, 5Min, 15Min, 1Hour or 1Day (Alpaca spellings such as 1T, 1H, 1D accepted) */
          timeframe: string;
          /** @description RFC 3339 time or YYYY-MM-DD (inclusive); default: before end by 1 day (1Min), 7 days (5Min, 15Min), 30 days (1Hour), 1 year (1Day) */
          start?: string;
          /** @description RFC 3339 time or YYYY-MM-DD (inclusive); default now */
          end?: string;
          limit: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
          sort: 'asc' | 'desc';
        };
        header?: never;
        path: {
          /** @description ticker symbol, e.g. AAPL */
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              symbol: string;
              timeframe: string;
              bars: {
                /** @description start of the bar, RFC 3339 UTC */
                t: string;
                /**
                 * @description decimal string
                 * @example 187.42
                 */
                o: string;
                /**
                 * @description decimal string
                 * @example 187.42
                 */
                h: string;
                /**
                 * @description decimal string
                 * @example 187.42
                 */
                l: string;
                /**
                 * @description decimal string
                 * @example 187.42
                 */
                c: string;
                /** @description volume, shares */
                v: number;
                /** @description trade count (null for imports without it) */
                n: number | null;
                /** @description volume-weighted average price */
                vw: string | null;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/calendar': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** NYSE sessions between two dates (holidays and early closes by rule) */
    get: {
      parameters: {
        query?: {
          /** @description first date (YYYY-MM-DD), default today */
          start?: string;
          /** @description last date, default 30 days after start */
          end?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              calendar: 'NYSE';
              sessions: {
                /** Format: date */
                date: string;
                /** Format: date-time */
                open: string;
                /** Format: date-time */
                close: string;
                earlyClose: boolean;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/clock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether the market is open, and the next open and close */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              timestamp: string;
              isOpen: boolean;
              /** Format: date-time */
              nextOpen: string;
              /** Format: date-time */
              nextClose: string;
              /** @description 'NYSE' in exchange mode, 'CONTINUOUS' in always mode */
              calendar: string;
              sessionMode: 'exchange' | 'always';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Import bars from CSV (Yahoo, Alpaca or Polygon columns); any bad row rejects the whole file
     * @description Send the file as the body with content-type text/csv. A 400 lists every bad row as `errors: [{line, message}]` and nothing is stored.
     */
    post: {
      parameters: {
        query: {
          /** @description ticker symbol, e.g. AAPL */
          symbol: string;
          /** @description default: inferred from the rows */
          timeframe?: '1Min' | '1Day';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description the CSV file */
      requestBody: {
        content: {
          'text/csv': string;
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              symbol: string;
              /** @description yahoo, alpaca, polygon or date-price */
              format: string;
              timeframe: string;
              rows: number;
              first: string;
              last: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/indicators/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An indicator (sma, ema, rsi, macd, bbands, atr, vwap, stoch) over stored bars */
    get: {
      parameters: {
        query: {
          /** @description sma, ema, rsi, macd, bbands, atr, vwap or stoch */
          name: string;
          /** @description JSON object, e.g. {"period":14}; loose keys such as period=14 work too */
          params?: string;
          /** @description 1Min, 5Min, 15Min, 1Hour or 1Day (Alpaca spellings such as 1T, 1H, 1D accepted) */
          timeframe: string;
          limit: number;
          /** @description RFC 3339 time or YYYY-MM-DD; default now */
          end?: string;
        };
        header?: never;
        path: {
          /** @description ticker symbol, e.g. AAPL */
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              symbol: string;
              name: string;
              params: {
                [key: string]: number | string;
              };
              timeframe: string;
              /** @description oldest first; statistics are plain numbers (not amounts of money) */
              values: {
                t: string;
                value:
                  | number
                  | {
                      [key: string]: number;
                    };
              }[];
              /** @description the streaming value kept by the live market at the last 1Min bar close (default parameters, 1Min only) */
              latest: {
                t: string;
                value:
                  | number
                  | {
                      [key: string]: number;
                    };
              } | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/news': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** News, newest first, optionally about given symbols */
    get: {
      parameters: {
        query: {
          /** @description comma-separated symbols, e.g. AAPL,MSFT */
          symbols?: string;
          /** @description RFC 3339 time or YYYY-MM-DD (inclusive) */
          start?: string;
          /** @description RFC 3339 time or YYYY-MM-DD (inclusive) */
          end?: string;
          limit: number;
          sort: 'asc' | 'desc';
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              news: {
                id: string;
                headline: string;
                summary: string;
                content: string;
                author: string;
                source: string;
                url: string | null;
                symbols: string[];
                /** @description −1 … 1 when known */
                sentiment: number | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/quotes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Latest quote of each symbol */
    get: {
      parameters: {
        query: {
          /** @description comma-separated symbols, e.g. AAPL,MSFT */
          symbols: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description by symbol; a symbol the live market does not price (an index, an import) has no entry */
              quotes: {
                [key: string]: {
                  symbol: string;
                  /**
                   * @description decimal string
                   * @example 187.42
                   */
                  bidPrice: string;
                  bidSize: number;
                  /**
                   * @description decimal string
                   * @example 187.42
                   */
                  askPrice: string;
                  askSize: number;
                  bidExchange: string;
                  askExchange: string;
                  conditions: string[];
                  tape: string | null;
                  /** Format: date-time */
                  timestamp: string;
                };
              };
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/snapshots': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Latest trade, latest quote, minute bar, daily bar and previous daily bar of each symbol */
    get: {
      parameters: {
        query: {
          /** @description comma-separated symbols, e.g. AAPL,MSFT */
          symbols: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              snapshots: {
                [key: string]: {
                  latestTrade: {
                    symbol: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    price: string;
                    size: number;
                    exchange: string;
                    id: string;
                    conditions: string[];
                    tape: string | null;
                    /** Format: date-time */
                    timestamp: string;
                  } | null;
                  latestQuote: {
                    symbol: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    bidPrice: string;
                    bidSize: number;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    askPrice: string;
                    askSize: number;
                    bidExchange: string;
                    askExchange: string;
                    conditions: string[];
                    tape: string | null;
                    /** Format: date-time */
                    timestamp: string;
                  } | null;
                  minuteBar: {
                    /** @description start of the bar, RFC 3339 UTC */
                    t: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    o: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    h: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    l: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    c: string;
                    /** @description volume, shares */
                    v: number;
                    /** @description trade count (null for imports without it) */
                    n: number | null;
                    /** @description volume-weighted average price */
                    vw: string | null;
                  } | null;
                  dailyBar: {
                    /** @description start of the bar, RFC 3339 UTC */
                    t: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    o: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    h: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    l: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    c: string;
                    /** @description volume, shares */
                    v: number;
                    /** @description trade count (null for imports without it) */
                    n: number | null;
                    /** @description volume-weighted average price */
                    vw: string | null;
                  } | null;
                  prevDailyBar: {
                    /** @description start of the bar, RFC 3339 UTC */
                    t: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    o: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    h: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    l: string;
                    /**
                     * @description decimal string
                     * @example 187.42
                     */
                    c: string;
                    /** @description volume, shares */
                    v: number;
                    /** @description trade count (null for imports without it) */
                    n: number | null;
                    /** @description volume-weighted average price */
                    vw: string | null;
                  } | null;
                };
              };
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Backfill progress, price source, session mode and symbols */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              sessionMode: string;
              calendar: string;
              /** @description where live prices come from: 'simulator', 'polygon' or 'alpaca' */
              provider: string;
              newsProviders: string[];
              /** @description whether this instance runs the market */
              leader: boolean;
              live: boolean;
              symbols: string[];
              lastBarAt: string | null;
              backfill: {
                /** @description disabled, pending, running or done */
                status: string;
                symbolsDone: number;
                symbolsTotal: number;
                rows: number;
                endDate: string | null;
                startedAt: string | null;
                finishedAt: string | null;
              };
              spx: {
                loaded: boolean;
                rows: number;
              };
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/market/trades/latest': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Latest trade of each symbol */
    get: {
      parameters: {
        query: {
          /** @description comma-separated symbols, e.g. AAPL,MSFT */
          symbols: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              trades: {
                [key: string]: {
                  symbol: string;
                  /**
                   * @description decimal string
                   * @example 187.42
                   */
                  price: string;
                  size: number;
                  exchange: string;
                  id: string;
                  conditions: string[];
                  tape: string | null;
                  /** Format: date-time */
                  timestamp: string;
                };
              };
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Inbox, newest first */
    get: {
      parameters: {
        query: {
          /** @description Only unread notifications */
          unread?: boolean;
          limit: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: uuid */
                id: string;
                type: string;
                title: string;
                body: string;
                data: {
                  [key: string]: unknown;
                };
                /** Format: date-time */
                createdAt: string;
                readAt: string | null;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/admin/webhook-allowlist': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Hosts and networks webhooks may reach although private, loopback or link-local */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              entries: string[];
              /** @description From NOTIFICATIONS_WEBHOOK_ALLOWLIST (read-only) */
              configEntries: string[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    /** Replace the allow-list (configuration entries stay in force) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Host names (*.corp.example for a domain), IP addresses or CIDRs */
            entries: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              entries: string[];
              /** @description From NOTIFICATIONS_WEBHOOK_ALLOWLIST (read-only) */
              configEntries: string[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/devices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Registered devices */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: uuid */
                id: string;
                token: string;
                platform: 'android' | 'ios' | 'web';
                name: string | null;
                /** Format: date-time */
                createdAt: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Register a device for push (registering a token again updates it) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The FCM registration token */
            token: string;
            platform: 'android' | 'ios' | 'web';
            name?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              token: string;
              platform: 'android' | 'ios' | 'web';
              name: string | null;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/devices/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Forget a device */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/preferences': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Channels per notification type, email address and phone */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Where email goes: your override, else your account address */
              email: string | null;
              phone: string | null;
              preferences: {
                type: string;
                channels: {
                  inbox: boolean;
                  websocket: boolean;
                  email: boolean;
                  webhook: boolean;
                  sms: boolean;
                  push: boolean;
                };
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    /** Change some preferences (every field optional); answers the whole */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description null: back to the account address */
            email?: string | null;
            phone?: string | null;
            preferences?: {
              type: string;
              channels: {
                inbox?: boolean;
                websocket?: boolean;
                email?: boolean;
                webhook?: boolean;
                sms?: boolean;
                push?: boolean;
              };
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Where email goes: your override, else your account address */
              email: string | null;
              phone: string | null;
              preferences: {
                type: string;
                channels: {
                  inbox: boolean;
                  websocket: boolean;
                  email: boolean;
                  webhook: boolean;
                  sms: boolean;
                  push: boolean;
                };
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/read-all': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark every notification read */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              updated: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/unread-count': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Unread notifications */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              count: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Webhook endpoints */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: uuid */
                id: string;
                url: string;
                /** @description Notification types sent; empty: every type */
                types: string[];
                /** Format: date-time */
                createdAt: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Register a webhook endpoint; the answer shows its signing secret once */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            url: string;
            types?: string[];
            secret?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              url: string;
              /** @description Notification types sent; empty: every type */
              types: string[];
              /** Format: date-time */
              createdAt: string;
              /** @description Shown once: signs every delivery (Tradeplane-Signature) */
              secret: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a webhook endpoint and its delivery log */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An endpoint's delivery log, newest first */
    get: {
      parameters: {
        query: {
          limit: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: uuid */
                id: string;
                notificationId: string | null;
                type: string;
                status: 'pending' | 'delivered' | 'failed' | 'dead' | 'skipped';
                attempts: number;
                lastStatusCode: number | null;
                lastError: string | null;
                nextAttemptAt: string | null;
                deliveredAt: string | null;
                /** Format: date-time */
                createdAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/webhooks/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a signed test delivery now (once, no retries) and answer its outcome */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              notificationId: string | null;
              type: string;
              status: 'pending' | 'delivered' | 'failed' | 'dead' | 'skipped';
              attempts: number;
              lastStatusCode: number | null;
              lastError: string | null;
              nextAttemptAt: string | null;
              deliveredAt: string | null;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/notifications/{id}/read': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark a notification read */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              type: string;
              title: string;
              body: string;
              data: {
                [key: string]: unknown;
              };
              /** Format: date-time */
              createdAt: string;
              readAt: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An account's orders, newest first */
    get: {
      parameters: {
        query: {
          accountId?: string;
          status: 'open' | 'closed' | 'all';
          limit: number;
          after?: string;
          until?: string;
          direction: 'asc' | 'desc';
          nested: boolean;
          /** @description comma-separated symbols */
          symbols?: string;
          side?: 'buy' | 'sell';
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** Format: uuid */
                id: string;
                clientOrderId: string;
                /** Format: uuid */
                accountId: string;
                symbol: string;
                assetId: string | null;
                assetClass: string;
                side: 'buy' | 'sell';
                type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
                timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
                orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
                qty: string | null;
                notional: string | null;
                filledQty: string;
                filledAvgPrice: string | null;
                /** @description commission charged so far */
                commission: string;
                limitPrice: string | null;
                stopPrice: string | null;
                trailPrice: string | null;
                trailPercent: string | null;
                hwm: string | null;
                extendedHours: boolean;
                /** @description Alpaca's order status */
                status: string;
                rejectCode: string | null;
                rejectReason: string | null;
                parentOrderId: string | null;
                legRole: 'take_profit' | 'stop_loss' | null;
                replaces: string | null;
                replacedBy: string | null;
                positionIntent: string | null;
                broker: 'paper' | 'alpaca';
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                submittedAt: string | null;
                filledAt: string | null;
                expiredAt: string | null;
                canceledAt: string | null;
                failedAt: string | null;
                replacedAt: string | null;
                expiresAt: string | null;
                legs: {
                  /** Format: uuid */
                  id: string;
                  clientOrderId: string;
                  /** Format: uuid */
                  accountId: string;
                  symbol: string;
                  assetId: string | null;
                  assetClass: string;
                  side: 'buy' | 'sell';
                  type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
                  timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
                  orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
                  qty: string | null;
                  notional: string | null;
                  filledQty: string;
                  filledAvgPrice: string | null;
                  /** @description commission charged so far */
                  commission: string;
                  limitPrice: string | null;
                  stopPrice: string | null;
                  trailPrice: string | null;
                  trailPercent: string | null;
                  hwm: string | null;
                  extendedHours: boolean;
                  /** @description Alpaca's order status */
                  status: string;
                  rejectCode: string | null;
                  rejectReason: string | null;
                  parentOrderId: string | null;
                  legRole: 'take_profit' | 'stop_loss' | null;
                  replaces: string | null;
                  replacedBy: string | null;
                  positionIntent: string | null;
                  broker: 'paper' | 'alpaca';
                  /** Format: date-time */
                  createdAt: string;
                  /** Format: date-time */
                  updatedAt: string;
                  submittedAt: string | null;
                  filledAt: string | null;
                  expiredAt: string | null;
                  canceledAt: string | null;
                  failedAt: string | null;
                  replacedAt: string | null;
                  expiresAt: string | null;
                }[];
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Place an order (Alpaca order model); accepts Idempotency-Key */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description retries with the same key get the first answer (24 h) */
          'idempotency-key'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description the account; default: the user's default account */
            accountId?: string;
            symbol: string;
            side: 'buy' | 'sell';
            type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
            timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
            orderClass?: 'simple' | 'bracket' | 'oco' | 'oto';
            qty?: string;
            notional?: string;
            limitPrice?: string;
            stopPrice?: string;
            trailPrice?: string;
            trailPercent?: string;
            extendedHours?: boolean;
            clientOrderId?: string;
            takeProfit?: {
              limitPrice: string;
            };
            stopLoss?: {
              stopPrice?: string;
              limitPrice?: string;
              /** @description beyond Alpaca: a trailing stop as the stop leg */
              trailPrice?: string;
              /** @description beyond Alpaca: a trailing stop as the stop leg */
              trailPercent?: string;
            };
            positionIntent?: 'buy_to_open' | 'buy_to_close' | 'sell_to_open' | 'sell_to_close';
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              clientOrderId: string;
              /** Format: uuid */
              accountId: string;
              symbol: string;
              assetId: string | null;
              assetClass: string;
              side: 'buy' | 'sell';
              type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
              timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
              orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
              qty: string | null;
              notional: string | null;
              filledQty: string;
              filledAvgPrice: string | null;
              /** @description commission charged so far */
              commission: string;
              limitPrice: string | null;
              stopPrice: string | null;
              trailPrice: string | null;
              trailPercent: string | null;
              hwm: string | null;
              extendedHours: boolean;
              /** @description Alpaca's order status */
              status: string;
              rejectCode: string | null;
              rejectReason: string | null;
              parentOrderId: string | null;
              legRole: 'take_profit' | 'stop_loss' | null;
              replaces: string | null;
              replacedBy: string | null;
              positionIntent: string | null;
              broker: 'paper' | 'alpaca';
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              submittedAt: string | null;
              filledAt: string | null;
              expiredAt: string | null;
              canceledAt: string | null;
              failedAt: string | null;
              replacedAt: string | null;
              expiresAt: string | null;
              legs: {
                /** Format: uuid */
                id: string;
                clientOrderId: string;
                /** Format: uuid */
                accountId: string;
                symbol: string;
                assetId: string | null;
                assetClass: string;
                side: 'buy' | 'sell';
                type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
                timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
                orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
                qty: string | null;
                notional: string | null;
                filledQty: string;
                filledAvgPrice: string | null;
                /** @description commission charged so far */
                commission: string;
                limitPrice: string | null;
                stopPrice: string | null;
                trailPrice: string | null;
                trailPercent: string | null;
                hwm: string | null;
                extendedHours: boolean;
                /** @description Alpaca's order status */
                status: string;
                rejectCode: string | null;
                rejectReason: string | null;
                parentOrderId: string | null;
                legRole: 'take_profit' | 'stop_loss' | null;
                replaces: string | null;
                replacedBy: string | null;
                positionIntent: string | null;
                broker: 'paper' | 'alpaca';
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                submittedAt: string | null;
                filledAt: string | null;
                expiredAt: string | null;
                canceledAt: string | null;
                failedAt: string | null;
                replacedAt: string | null;
                expiresAt: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    /** Cancel every open order of an account (207: one status per order) */
    delete: {
      parameters: {
        query?: {
          accountId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        207: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                id: string;
                /** @description HTTP status of this cancel */
                status: number;
                order?: {
                  /** Format: uuid */
                  id: string;
                  clientOrderId: string;
                  /** Format: uuid */
                  accountId: string;
                  symbol: string;
                  assetId: string | null;
                  assetClass: string;
                  side: 'buy' | 'sell';
                  type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
                  timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
                  orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
                  qty: string | null;
                  notional: string | null;
                  filledQty: string;
                  filledAvgPrice: string | null;
                  /** @description commission charged so far */
                  commission: string;
                  limitPrice: string | null;
                  stopPrice: string | null;
                  trailPrice: string | null;
                  trailPercent: string | null;
                  hwm: string | null;
                  extendedHours: boolean;
                  /** @description Alpaca's order status */
                  status: string;
                  rejectCode: string | null;
                  rejectReason: string | null;
                  parentOrderId: string | null;
                  legRole: 'take_profit' | 'stop_loss' | null;
                  replaces: string | null;
                  replacedBy: string | null;
                  positionIntent: string | null;
                  broker: 'paper' | 'alpaca';
                  /** Format: date-time */
                  createdAt: string;
                  /** Format: date-time */
                  updatedAt: string;
                  submittedAt: string | null;
                  filledAt: string | null;
                  expiredAt: string | null;
                  canceledAt: string | null;
                  failedAt: string | null;
                  replacedAt: string | null;
                  expiresAt: string | null;
                  legs: {
                    /** Format: uuid */
                    id: string;
                    clientOrderId: string;
                    /** Format: uuid */
                    accountId: string;
                    symbol: string;
                    assetId: string | null;
                    assetClass: string;
                    side: 'buy' | 'sell';
                    type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
                    timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
                    orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
                    qty: string | null;
                    notional: string | null;
                    filledQty: string;
                    filledAvgPrice: string | null;
                    /** @description commission charged so far */
                    commission: string;
                    limitPrice: string | null;
                    stopPrice: string | null;
                    trailPrice: string | null;
                    trailPercent: string | null;
                    hwm: string | null;
                    extendedHours: boolean;
                    /** @description Alpaca's order status */
                    status: string;
                    rejectCode: string | null;
                    rejectReason: string | null;
                    parentOrderId: string | null;
                    legRole: 'take_profit' | 'stop_loss' | null;
                    replaces: string | null;
                    replacedBy: string | null;
                    positionIntent: string | null;
                    broker: 'paper' | 'alpaca';
                    /** Format: date-time */
                    createdAt: string;
                    /** Format: date-time */
                    updatedAt: string;
                    submittedAt: string | null;
                    filledAt: string | null;
                    expiredAt: string | null;
                    canceledAt: string | null;
                    failedAt: string | null;
                    replacedAt: string | null;
                    expiresAt: string | null;
                  }[];
                };
                error?: {
                  code: string;
                  message: string;
                };
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders/{orderId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An order with its legs */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          orderId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              clientOrderId: string;
              /** Format: uuid */
              accountId: string;
              symbol: string;
              assetId: string | null;
              assetClass: string;
              side: 'buy' | 'sell';
              type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
              timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
              orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
              qty: string | null;
              notional: string | null;
              filledQty: string;
              filledAvgPrice: string | null;
              /** @description commission charged so far */
              commission: string;
              limitPrice: string | null;
              stopPrice: string | null;
              trailPrice: string | null;
              trailPercent: string | null;
              hwm: string | null;
              extendedHours: boolean;
              /** @description Alpaca's order status */
              status: string;
              rejectCode: string | null;
              rejectReason: string | null;
              parentOrderId: string | null;
              legRole: 'take_profit' | 'stop_loss' | null;
              replaces: string | null;
              replacedBy: string | null;
              positionIntent: string | null;
              broker: 'paper' | 'alpaca';
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              submittedAt: string | null;
              filledAt: string | null;
              expiredAt: string | null;
              canceledAt: string | null;
              failedAt: string | null;
              replacedAt: string | null;
              expiresAt: string | null;
              legs: {
                /** Format: uuid */
                id: string;
                clientOrderId: string;
                /** Format: uuid */
                accountId: string;
                symbol: string;
                assetId: string | null;
                assetClass: string;
                side: 'buy' | 'sell';
                type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
                timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
                orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
                qty: string | null;
                notional: string | null;
                filledQty: string;
                filledAvgPrice: string | null;
                /** @description commission charged so far */
                commission: string;
                limitPrice: string | null;
                stopPrice: string | null;
                trailPrice: string | null;
                trailPercent: string | null;
                hwm: string | null;
                extendedHours: boolean;
                /** @description Alpaca's order status */
                status: string;
                rejectCode: string | null;
                rejectReason: string | null;
                parentOrderId: string | null;
                legRole: 'take_profit' | 'stop_loss' | null;
                replaces: string | null;
                replacedBy: string | null;
                positionIntent: string | null;
                broker: 'paper' | 'alpaca';
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                submittedAt: string | null;
                filledAt: string | null;
                expiredAt: string | null;
                canceledAt: string | null;
                failedAt: string | null;
                replacedAt: string | null;
                expiresAt: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Cancel an order (and the rest of its group) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          orderId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              clientOrderId: string;
              /** Format: uuid */
              accountId: string;
              symbol: string;
              assetId: string | null;
              assetClass: string;
              side: 'buy' | 'sell';
              type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
              timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
              orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
              qty: string | null;
              notional: string | null;
              filledQty: string;
              filledAvgPrice: string | null;
              /** @description commission charged so far */
              commission: string;
              limitPrice: string | null;
              stopPrice: string | null;
              trailPrice: string | null;
              trailPercent: string | null;
              hwm: string | null;
              extendedHours: boolean;
              /** @description Alpaca's order status */
              status: string;
              rejectCode: string | null;
              rejectReason: string | null;
              parentOrderId: string | null;
              legRole: 'take_profit' | 'stop_loss' | null;
              replaces: string | null;
              replacedBy: string | null;
              positionIntent: string | null;
              broker: 'paper' | 'alpaca';
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              submittedAt: string | null;
              filledAt: string | null;
              expiredAt: string | null;
              canceledAt: string | null;
              failedAt: string | null;
              replacedAt: string | null;
              expiresAt: string | null;
              legs: {
                /** Format: uuid */
                id: string;
                clientOrderId: string;
                /** Format: uuid */
                accountId: string;
                symbol: string;
                assetId: string | null;
                assetClass: string;
                side: 'buy' | 'sell';
                type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
                timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
                orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
                qty: string | null;
                notional: string | null;
                filledQty: string;
                filledAvgPrice: string | null;
                /** @description commission charged so far */
                commission: string;
                limitPrice: string | null;
                stopPrice: string | null;
                trailPrice: string | null;
                trailPercent: string | null;
                hwm: string | null;
                extendedHours: boolean;
                /** @description Alpaca's order status */
                status: string;
                rejectCode: string | null;
                rejectReason: string | null;
                parentOrderId: string | null;
                legRole: 'take_profit' | 'stop_loss' | null;
                replaces: string | null;
                replacedBy: string | null;
                positionIntent: string | null;
                broker: 'paper' | 'alpaca';
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                submittedAt: string | null;
                filledAt: string | null;
                expiredAt: string | null;
                canceledAt: string | null;
                failedAt: string | null;
                replacedAt: string | null;
                expiresAt: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Replace an order: the old one becomes replaced, a new one is returned */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          orderId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            qty?: string;
            timeInForce?: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
            limitPrice?: string;
            stopPrice?: string;
            /** @description new trail_price or trail_percent of a trailing stop */
            trail?: string;
            clientOrderId?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              clientOrderId: string;
              /** Format: uuid */
              accountId: string;
              symbol: string;
              assetId: string | null;
              assetClass: string;
              side: 'buy' | 'sell';
              type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
              timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
              orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
              qty: string | null;
              notional: string | null;
              filledQty: string;
              filledAvgPrice: string | null;
              /** @description commission charged so far */
              commission: string;
              limitPrice: string | null;
              stopPrice: string | null;
              trailPrice: string | null;
              trailPercent: string | null;
              hwm: string | null;
              extendedHours: boolean;
              /** @description Alpaca's order status */
              status: string;
              rejectCode: string | null;
              rejectReason: string | null;
              parentOrderId: string | null;
              legRole: 'take_profit' | 'stop_loss' | null;
              replaces: string | null;
              replacedBy: string | null;
              positionIntent: string | null;
              broker: 'paper' | 'alpaca';
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              submittedAt: string | null;
              filledAt: string | null;
              expiredAt: string | null;
              canceledAt: string | null;
              failedAt: string | null;
              replacedAt: string | null;
              expiresAt: string | null;
              legs: {
                /** Format: uuid */
                id: string;
                clientOrderId: string;
                /** Format: uuid */
                accountId: string;
                symbol: string;
                assetId: string | null;
                assetClass: string;
                side: 'buy' | 'sell';
                type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
                timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
                orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
                qty: string | null;
                notional: string | null;
                filledQty: string;
                filledAvgPrice: string | null;
                /** @description commission charged so far */
                commission: string;
                limitPrice: string | null;
                stopPrice: string | null;
                trailPrice: string | null;
                trailPercent: string | null;
                hwm: string | null;
                extendedHours: boolean;
                /** @description Alpaca's order status */
                status: string;
                rejectCode: string | null;
                rejectReason: string | null;
                parentOrderId: string | null;
                legRole: 'take_profit' | 'stop_loss' | null;
                replaces: string | null;
                replacedBy: string | null;
                positionIntent: string | null;
                broker: 'paper' | 'alpaca';
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                submittedAt: string | null;
                filledAt: string | null;
                expiredAt: string | null;
                canceledAt: string | null;
                failedAt: string | null;
                replacedAt: string | null;
                expiresAt: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/v1/orders:by_client_order_id': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An order by its client_order_id */
    get: {
      parameters: {
        query?: {
          client_order_id?: string;
          clientOrderId?: string;
          accountId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              clientOrderId: string;
              /** Format: uuid */
              accountId: string;
              symbol: string;
              assetId: string | null;
              assetClass: string;
              side: 'buy' | 'sell';
              type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
              timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
              orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
              qty: string | null;
              notional: string | null;
              filledQty: string;
              filledAvgPrice: string | null;
              /** @description commission charged so far */
              commission: string;
              limitPrice: string | null;
              stopPrice: string | null;
              trailPrice: string | null;
              trailPercent: string | null;
              hwm: string | null;
              extendedHours: boolean;
              /** @description Alpaca's order status */
              status: string;
              rejectCode: string | null;
              rejectReason: string | null;
              parentOrderId: string | null;
              legRole: 'take_profit' | 'stop_loss' | null;
              replaces: string | null;
              replacedBy: string | null;
              positionIntent: string | null;
              broker: 'paper' | 'alpaca';
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              submittedAt: string | null;
              filledAt: string | null;
              expiredAt: string | null;
              canceledAt: string | null;
              failedAt: string | null;
              replacedAt: string | null;
              expiresAt: string | null;
              legs: {
                /** Format: uuid */
                id: string;
                clientOrderId: string;
                /** Format: uuid */
                accountId: string;
                symbol: string;
                assetId: string | null;
                assetClass: string;
                side: 'buy' | 'sell';
                type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
                timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
                orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
                qty: string | null;
                notional: string | null;
                filledQty: string;
                filledAvgPrice: string | null;
                /** @description commission charged so far */
                commission: string;
                limitPrice: string | null;
                stopPrice: string | null;
                trailPrice: string | null;
                trailPercent: string | null;
                hwm: string | null;
                extendedHours: boolean;
                /** @description Alpaca's order status */
                status: string;
                rejectCode: string | null;
                rejectReason: string | null;
                parentOrderId: string | null;
                legRole: 'take_profit' | 'stop_loss' | null;
                replaces: string | null;
                replacedBy: string | null;
                positionIntent: string | null;
                broker: 'paper' | 'alpaca';
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                submittedAt: string | null;
                filledAt: string | null;
                expiredAt: string | null;
                canceledAt: string | null;
                failedAt: string | null;
                replacedAt: string | null;
                expiresAt: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/portfolio/account-activities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Fills and non-trade activities (deposits, commissions) in time order, since the last reset */
    get: {
      parameters: {
        query: {
          accountId: string;
          /** @description comma-separated Alpaca activity types (FILL, CSD, FEE, TRANS…); default all */
          types?: string;
          after?: string;
          until?: string;
          direction: 'asc' | 'desc';
          limit: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: (
                | {
                    id: string;
                    /** @enum {string} */
                    type: 'FILL';
                    tradeId: string;
                    orderId: string;
                    symbol: string;
                    side: 'buy' | 'sell';
                    qty: string;
                    price: string;
                    commission: string;
                    realizedPnl: string;
                    /** @description the position after this fill */
                    positionQty: string;
                    cashAfter: string;
                    /** Format: date-time */
                    at: string;
                  }
                | {
                    id: string;
                    /** @description Alpaca's activity type: CSD, FEE… */
                    type: string;
                    subType: string | null;
                    /** @description into (+) or out of (−) the cash */
                    netAmount: string;
                    description: string;
                    status: 'executed' | 'correct' | 'canceled';
                    symbol: string | null;
                    qty: string | null;
                    perShareAmount: string | null;
                    orderId: string | null;
                    tradeId: string | null;
                    /** Format: date-time */
                    at: string;
                  }
              )[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/portfolio/accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The user's accounts, valued now */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                accountId: string;
                name: string;
                isDefault: boolean;
                marginEnabled: boolean;
                broker: string;
                cash: string;
                /** @description cash + long market value − |short market value| */
                equity: string;
                /** @description cash account: cash; margin: 2 × equity − gross exposure */
                buyingPower: string;
                longMarketValue: string;
                /** @description negative or 0 */
                shortMarketValue: string;
                unrealizedPnl: string;
                /** @description since the account opened (or was reset), by price, before commissions */
                realizedPnl: string;
                /** @description commissions paid */
                fees: string;
                /** @description equity − start-of-day equity */
                dayPnl: string;
                /** @description a fraction: 0.01 is 1 % */
                dayPnlPct: string;
                startOfDayEquity: string;
                highWaterMark: string;
                positionCount: number;
                /** Format: date-time */
                createdAt: string;
                closedAt: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/portfolio/accounts/{accountId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Cash, equity, buying power, P&L of an account */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          accountId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              name: string;
              isDefault: boolean;
              marginEnabled: boolean;
              broker: string;
              cash: string;
              /** @description cash + long market value − |short market value| */
              equity: string;
              /** @description cash account: cash; margin: 2 × equity − gross exposure */
              buyingPower: string;
              longMarketValue: string;
              /** @description negative or 0 */
              shortMarketValue: string;
              unrealizedPnl: string;
              /** @description since the account opened (or was reset), by price, before commissions */
              realizedPnl: string;
              /** @description commissions paid */
              fees: string;
              /** @description equity − start-of-day equity */
              dayPnl: string;
              /** @description a fraction: 0.01 is 1 % */
              dayPnlPct: string;
              startOfDayEquity: string;
              highWaterMark: string;
              positionCount: number;
              /** Format: date-time */
              createdAt: string;
              closedAt: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/portfolio/activities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Fills, newest first (since the last reset) */
    get: {
      parameters: {
        query: {
          accountId: string;
          limit: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                id: string;
                /** @enum {string} */
                type: 'FILL';
                tradeId: string;
                orderId: string;
                symbol: string;
                side: 'buy' | 'sell';
                qty: string;
                price: string;
                commission: string;
                realizedPnl: string;
                /** @description the position after this fill */
                positionQty: string;
                cashAfter: string;
                /** Format: date-time */
                at: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/portfolio/enriched': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Account and positions with live quotes and day change, aggregated by the gateway */
    get: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              account: unknown;
              positions: {
                [key: string]: unknown;
              }[];
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/portfolio/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Equity and P&L over time (5Min, 15Min, 1H, 1D), ending with the equity now */
    get: {
      parameters: {
        query: {
          accountId: string;
          /** @description 5Min, 15Min, 1H or 1D */
          timeframe: string;
          /** @description a count and D, W, M or A: 1D, 1W, 1M, 3M, 1A */
          period: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              timeframe: string;
              baseValue: string;
              points: {
                /** Format: date-time */
                at: string;
                equity: string;
                profitLoss: string;
                /** @description a fraction of baseValue */
                profitLossPct: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/portfolio/positions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Open positions, valued at the latest prices */
    get: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                symbol: string;
                /** @description the asset's listing exchange (market-data); '' when unknown */
                exchange: string;
                /** @description signed: negative for a short */
                qty: string;
                side: 'long' | 'short';
                avgEntryPrice: string;
                /** @description signed, like qty */
                costBasis: string;
                currentPrice: string;
                /** @description the previous regular session's close (market-data's daily bars) */
                lastdayPrice: string;
                /** @description signed, like qty */
                marketValue: string;
                unrealizedPnl: string;
                /** @description a fraction of |cost basis| */
                unrealizedPnlPct: string;
                /** @description (current − lastday price) × qty */
                unrealizedIntradayPnl: string;
                /** @description (current − lastday price) / lastday price, a fraction */
                changeToday: string;
                /** @description realized on this symbol while the position was open, and before */
                realizedPnl: string;
                commissions: string;
                openedAt: string | null;
                exits: {
                  stopLoss: string | null;
                  takeProfit: string | null;
                  state: 'armed' | 'triggered' | 'placed' | 'failed';
                  kind: ('stop_loss' | 'take_profit') | null;
                  triggerPrice: string | null;
                  clientOrderId: string | null;
                  orderId: string | null;
                  error: string | null;
                  triggeredAt: string | null;
                } | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/portfolio/positions/{symbol}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One open position */
    get: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path: {
          symbol: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              symbol: string;
              /** @description the asset's listing exchange (market-data); '' when unknown */
              exchange: string;
              /** @description signed: negative for a short */
              qty: string;
              side: 'long' | 'short';
              avgEntryPrice: string;
              /** @description signed, like qty */
              costBasis: string;
              currentPrice: string;
              /** @description the previous regular session's close (market-data's daily bars) */
              lastdayPrice: string;
              /** @description signed, like qty */
              marketValue: string;
              unrealizedPnl: string;
              /** @description a fraction of |cost basis| */
              unrealizedPnlPct: string;
              /** @description (current − lastday price) × qty */
              unrealizedIntradayPnl: string;
              /** @description (current − lastday price) / lastday price, a fraction */
              changeToday: string;
              /** @description realized on this symbol while the position was open, and before */
              realizedPnl: string;
              commissions: string;
              openedAt: string | null;
              exits: {
                stopLoss: string | null;
                takeProfit: string | null;
                state: 'armed' | 'triggered' | 'placed' | 'failed';
                kind: ('stop_loss' | 'take_profit') | null;
                triggerPrice: string | null;
                clientOrderId: string | null;
                orderId: string | null;
                error: string | null;
                triggeredAt: string | null;
              } | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/portfolio/positions/{symbol}/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Close all or part of a position with a market order (Idempotency-Key makes a retry safe) */
    post: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path: {
          symbol: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            qty?: string;
            /** @description of the position, 0–100 */
            percentage?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              clientOrderId: string;
              accountId: string;
              symbol: string;
              side: 'buy' | 'sell';
              type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
              timeInForce: 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';
              orderClass: 'simple' | 'bracket' | 'oco' | 'oto';
              qty: string | null;
              notional: string | null;
              filledQty: string;
              filledAvgPrice: string | null;
              limitPrice: string | null;
              stopPrice: string | null;
              status: string;
              createdAt: string;
              updatedAt: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/portfolio/positions/{symbol}/exits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set the stop-loss and take-profit of a position (crossing one places one market exit order) */
    put: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path: {
          symbol: string;
        };
        cookie?: never;
      };
      /** @description Absent: unchanged; null: removed. Setting levels re-arms the exit. */
      requestBody: {
        content: {
          'application/json': {
            stopLoss?: string | null;
            takeProfit?: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              symbol: string;
              exits: {
                stopLoss: string | null;
                takeProfit: string | null;
                state: 'armed' | 'triggered' | 'placed' | 'failed';
                kind: ('stop_loss' | 'take_profit') | null;
                triggerPrice: string | null;
                clientOrderId: string | null;
                orderId: string | null;
                error: string | null;
                triggeredAt: string | null;
              } | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/risk/compliance': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Compliance rules and whether each is on for the account */
    get: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              rules: {
                id: string;
                description: string;
                enabled: boolean;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    /** Switch compliance rules on or off for the account */
    put: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            rules: {
              id: string;
              enabled: boolean;
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              rules: {
                id: string;
                description: string;
                enabled: boolean;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/risk/decisions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Pre-trade decisions, newest first, with their inputs and reasons */
    get: {
      parameters: {
        query: {
          accountId: string;
          limit: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @description The checkId orders received */
                id: string;
                accountId: string;
                approved: boolean;
                code: string | null;
                message: string | null;
                state: 'ACTIVE' | 'REDUCING' | 'HALTED';
                symbol: string;
                side: string;
                /** @description The request, the account as portfolio valued it, limits and rules */
                inputs: unknown;
                /** Format: date-time */
                createdAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/risk/kill-switch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Engage (HALTED until released) or release (back to ACTIVE) the kill switch */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            accountId: string;
            engaged: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              state: 'ACTIVE' | 'REDUCING' | 'HALTED';
              reason: string;
              /** @description default | user | kill_switch | breaker:daily_loss | breaker:drawdown | reset */
              changedBy: string;
              /** Format: date-time */
              changedAt: string;
              killSwitchEngaged: boolean;
              /** @description Day trades in the last 5 business days */
              dayTradeCount: number;
              patternDayTrader: boolean;
              startOfDayEquity: string | null;
              highWaterMark: string | null;
              lastEquity: string | null;
              valuedAt: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/risk/limits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An account's risk limits */
    get: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              maxOrderNotional: string | null;
              maxPositionPct: string | null;
              maxOpenOrders: number | null;
              /** @description When not empty, only these symbols trade */
              allowSymbols: string[];
              denySymbols: string[];
              priceCollarPct: string | null;
              dailyLossLimitPct: string | null;
              maxDrawdownPct: string | null;
              dailyLossAction: 'REDUCING' | 'HALTED';
              drawdownAction: 'REDUCING' | 'HALTED';
              /** @description Short selling also needs a margin account */
              shortingEnabled: boolean;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    /** Change some of an account’s risk limits */
    put: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description Only the limits to change; null disables a limit */
      requestBody: {
        content: {
          'application/json': {
            maxOrderNotional?: string | null;
            maxPositionPct?: string | null;
            maxOpenOrders?: number | null;
            allowSymbols?: string[];
            denySymbols?: string[];
            priceCollarPct?: string | null;
            dailyLossLimitPct?: string | null;
            maxDrawdownPct?: string | null;
            dailyLossAction?: 'REDUCING' | 'HALTED';
            drawdownAction?: 'REDUCING' | 'HALTED';
            shortingEnabled?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              maxOrderNotional: string | null;
              maxPositionPct: string | null;
              maxOpenOrders: number | null;
              /** @description When not empty, only these symbols trade */
              allowSymbols: string[];
              denySymbols: string[];
              priceCollarPct: string | null;
              dailyLossLimitPct: string | null;
              maxDrawdownPct: string | null;
              dailyLossAction: 'REDUCING' | 'HALTED';
              drawdownAction: 'REDUCING' | 'HALTED';
              /** @description Short selling also needs a margin account */
              shortingEnabled: boolean;
              /** Format: date-time */
              updatedAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/risk/state': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Trading state (ACTIVE, REDUCING, HALTED), kill switch, breaker figures, day trades */
    get: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              state: 'ACTIVE' | 'REDUCING' | 'HALTED';
              reason: string;
              /** @description default | user | kill_switch | breaker:daily_loss | breaker:drawdown | reset */
              changedBy: string;
              /** Format: date-time */
              changedAt: string;
              killSwitchEngaged: boolean;
              /** @description Day trades in the last 5 business days */
              dayTradeCount: number;
              patternDayTrader: boolean;
              startOfDayEquity: string | null;
              highWaterMark: string | null;
              lastEquity: string | null;
              valuedAt: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    /** Set the trading state by hand (resuming quiets the breakers for the rest of the UTC day) */
    put: {
      parameters: {
        query: {
          accountId: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            state: 'ACTIVE' | 'REDUCING' | 'HALTED';
            reason?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              state: 'ACTIVE' | 'REDUCING' | 'HALTED';
              reason: string;
              /** @description default | user | kill_switch | breaker:daily_loss | breaker:drawdown | reset */
              changedBy: string;
              /** Format: date-time */
              changedAt: string;
              killSwitchEngaged: boolean;
              /** @description Day trades in the last 5 business days */
              dayTradeCount: number;
              patternDayTrader: boolean;
              startOfDayEquity: string | null;
              highWaterMark: string | null;
              lastEquity: string | null;
              valuedAt: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/triggers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your triggers, newest first */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                id: string;
                name: string;
                kind: 'cron' | 'market' | 'price' | 'news';
                schedule:
                  | {
                      /** @description cron expression: 5 fields, or 6-7 with seconds and year */
                      expression: string;
                      /** @description IANA time zone (default America/New_York) */
                      timezone: string;
                    }
                  | {
                      event: 'open' | 'close';
                      /** @description negative: before the event */
                      offsetMinutes: number;
                    }
                  | {
                      symbol: string;
                      direction: 'above' | 'below';
                      /** @description decimal string */
                      level: string;
                    }
                  | {
                      /** @description any of these symbols (when not empty) */
                      symbols: string[];
                      /** @description any of these words, whole-word, any case (when not empty) */
                      keywords: string[];
                    };
                target: {
                  type: 'agent' | 'strategy' | 'notification';
                  id?: string;
                  message?: string;
                };
                misfirePolicy: 'fire_once' | 'skip';
                enabled: boolean;
                /** @description Next due time of an enabled cron or market trigger; null otherwise */
                nextFireAt: string | null;
                lastFiredAt: string | null;
                /** Format: date-time */
                createdAt: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Create a trigger (cron, market open/close, price cross, news) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            /** @description cron | market | price | news */
            kind: string;
            /** @description By kind — cron: { expression, timezone? }; market: { event: "open"|"close", offsetMinutes (-240..240, default 0) }; price: { symbol, direction: "above"|"below", level (decimal string) }; news: { symbols?, keywords? } (at least one). Checked field by field: a wrong field answers 400 with `field` naming it. */
            schedule: unknown;
            /** @description { type: "agent"|"strategy"|"notification", id? (required for agent and strategy), message? (≤ 2000 characters) } */
            target: unknown;
            /** @description fire_once (default): one late fire for a missed window; skip: record and move on */
            misfirePolicy?: string;
            /** @default true */
            enabled?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              kind: 'cron' | 'market' | 'price' | 'news';
              schedule:
                | {
                    /** @description cron expression: 5 fields, or 6-7 with seconds and year */
                    expression: string;
                    /** @description IANA time zone (default America/New_York) */
                    timezone: string;
                  }
                | {
                    event: 'open' | 'close';
                    /** @description negative: before the event */
                    offsetMinutes: number;
                  }
                | {
                    symbol: string;
                    direction: 'above' | 'below';
                    /** @description decimal string */
                    level: string;
                  }
                | {
                    /** @description any of these symbols (when not empty) */
                    symbols: string[];
                    /** @description any of these words, whole-word, any case (when not empty) */
                    keywords: string[];
                  };
              target: {
                type: 'agent' | 'strategy' | 'notification';
                id?: string;
                message?: string;
              };
              misfirePolicy: 'fire_once' | 'skip';
              enabled: boolean;
              /** @description Next due time of an enabled cron or market trigger; null otherwise */
              nextFireAt: string | null;
              lastFiredAt: string | null;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/triggers/scheduler-status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Leader election as the answering instance sees it (admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description the instance that answered */
              instanceId: string;
              /** @description whether the answering instance is the active scheduler */
              leader: boolean;
              fencingToken: number | null;
              leaderSince: string | null;
              leaseValidUntil: string | null;
              lastStepDown: {
                /** Format: date-time */
                at: string;
                reason: string;
              } | null;
              lock: {
                name: string;
                ttlMs: number;
                renewMs: number;
                retryMs: number;
              };
              /** @description the highest fencing token used to fire and its holder: the current leader, cluster-wide */
              fence: {
                token: number;
                holder: string | null;
                /** Format: date-time */
                updatedAt: string;
              };
              lastTick: {
                /** Format: date-time */
                at: string;
                fired: number;
              } | null;
              watchedSymbols: string[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/triggers/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One trigger */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              kind: 'cron' | 'market' | 'price' | 'news';
              schedule:
                | {
                    /** @description cron expression: 5 fields, or 6-7 with seconds and year */
                    expression: string;
                    /** @description IANA time zone (default America/New_York) */
                    timezone: string;
                  }
                | {
                    event: 'open' | 'close';
                    /** @description negative: before the event */
                    offsetMinutes: number;
                  }
                | {
                    symbol: string;
                    direction: 'above' | 'below';
                    /** @description decimal string */
                    level: string;
                  }
                | {
                    /** @description any of these symbols (when not empty) */
                    symbols: string[];
                    /** @description any of these words, whole-word, any case (when not empty) */
                    keywords: string[];
                  };
              target: {
                type: 'agent' | 'strategy' | 'notification';
                id?: string;
                message?: string;
              };
              misfirePolicy: 'fire_once' | 'skip';
              enabled: boolean;
              /** @description Next due time of an enabled cron or market trigger; null otherwise */
              nextFireAt: string | null;
              lastFiredAt: string | null;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a trigger and its run history */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a trigger: enable or disable it, its schedule, target, name or misfire policy */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      /** @description Only the fields to change */
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            /** @description changing the kind needs a schedule of the new kind */
            kind?: string;
            /** @description By kind — cron: { expression, timezone? }; market: { event: "open"|"close", offsetMinutes (-240..240, default 0) }; price: { symbol, direction: "above"|"below", level (decimal string) }; news: { symbols?, keywords? } (at least one). Checked field by field: a wrong field answers 400 with `field` naming it. */
            schedule?: unknown;
            /** @description { type: "agent"|"strategy"|"notification", id? (required for agent and strategy), message? (≤ 2000 characters) } */
            target?: unknown;
            /** @description fire_once | skip */
            misfirePolicy?: string;
            enabled?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              kind: 'cron' | 'market' | 'price' | 'news';
              schedule:
                | {
                    /** @description cron expression: 5 fields, or 6-7 with seconds and year */
                    expression: string;
                    /** @description IANA time zone (default America/New_York) */
                    timezone: string;
                  }
                | {
                    event: 'open' | 'close';
                    /** @description negative: before the event */
                    offsetMinutes: number;
                  }
                | {
                    symbol: string;
                    direction: 'above' | 'below';
                    /** @description decimal string */
                    level: string;
                  }
                | {
                    /** @description any of these symbols (when not empty) */
                    symbols: string[];
                    /** @description any of these words, whole-word, any case (when not empty) */
                    keywords: string[];
                  };
              target: {
                type: 'agent' | 'strategy' | 'notification';
                id?: string;
                message?: string;
              };
              misfirePolicy: 'fire_once' | 'skip';
              enabled: boolean;
              /** @description Next due time of an enabled cron or market trigger; null otherwise */
              nextFireAt: string | null;
              lastFiredAt: string | null;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/v1/triggers/{id}/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Fire history of a trigger, newest first */
    get: {
      parameters: {
        query: {
          limit: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description newest first */
              items: {
                id: string;
                /** Format: date-time */
                scheduledFor: string;
                /** Format: date-time */
                firedAt: string;
                misfire: boolean;
                status: 'fired' | 'skipped';
                reason: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in user */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              id: string;
              email: string;
              role: 'user' | 'admin';
              roles: string[];
              plan: string;
              /** Format: date-time */
              createdAt: string;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              type: string;
              title: string;
              status: number;
              detail: string;
              code: string;
              instance?: string;
              requestId?: string;
              errorId?: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: never;
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
