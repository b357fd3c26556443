import type { NewEvent } from '@tradeplane/kit';
import type { Account } from '../domain/types.ts';

export function accountOpened(a: Account): NewEvent {
  return {
    type: 'account.opened',
    subject: a.id,
    userId: a.userId,
    data: {
      accountId: a.id,
      userId: a.userId,
      name: a.name,
      cash: a.initialCash,
      isDefault: a.isDefault,
      broker: a.broker,
      marginEnabled: a.marginEnabled,
    },
  };
}

export function accountReset(a: Account, cash: string): NewEvent {
  return {
    type: 'account.reset',
    subject: a.id,
    userId: a.userId,
    data: { accountId: a.id, userId: a.userId, cash },
  };
}

export function accountClosed(a: Account): NewEvent {
  return {
    type: 'account.closed',
    subject: a.id,
    userId: a.userId,
    data: { accountId: a.id, userId: a.userId },
  };
}
