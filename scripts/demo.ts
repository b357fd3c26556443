/**
 * Demo data for embedded mode: a demo user (created through the public API, like any client
 * would) so a first-time user can sign in at once. Idempotent across restarts.
 */
export async function seedDemo(
  gatewayUrl: string,
  email: string,
  password: string,
): Promise<{ email: string; password: string }> {
  const res = await fetch(`${gatewayUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 201 && res.status !== 409) {
    throw new Error(`could not create the demo user: ${res.status} ${await res.text()}`);
  }
  return { email, password };
}
