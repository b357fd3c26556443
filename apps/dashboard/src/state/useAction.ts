import { useCallback, useState } from 'react';

/**
 * The state of a list's row actions (delete, toggle, …): `run(action)` clears the last error, runs
 * it and keeps its error; `notice` says what the last one did. Shown by <ActionFeedback>.
 */
export function useAction() {
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<void>): Promise<void> => {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    }
  }, []);
  return { notice, setNotice, error, setError, run };
}
