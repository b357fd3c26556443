import { ensurePgliteTemplate } from '@tradeplane/kit/testing';

export default async function setup(): Promise<void> {
  await ensurePgliteTemplate();
}
