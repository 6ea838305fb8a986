import { App } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useErrorText } from './pages/login.js';

/** Loads data from the API and reloads on demand; errors are kept for display. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): { data: T | undefined; error: unknown; reload: () => Promise<void> } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  // The caller names what `load` depends on, as with useEffect.
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    try {
      setData(await run());
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/** Runs an API call, then reloads; a refusal is shown as the API's message in the reader's language. */
export function useAct(reload: () => Promise<void>): (fn: () => Promise<unknown>) => Promise<void> {
  const errorText = useErrorText();
  const { message } = App.useApp();
  return async (fn) => {
    try {
      await fn();
      await reload();
    } catch (caught) {
      void message.error(errorText(caught));
    }
  };
}
