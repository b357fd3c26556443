/** jsonb arrives parsed from node-postgres, but as text through some bridges: accept both. */
export function fromJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
