import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { InboxClient } from '../browser/index.js';

const InboxClientContext = createContext<InboxClient | undefined>(undefined);

/** Props of {@link InboxClientProvider}. */
export interface InboxClientProviderProps {
  client: InboxClient;
  children?: ReactNode;
}

/**
 * Makes an inbox client the default of `useUnreadSummary` and `useMarkRead` below it.
 * @example
 * <InboxClientProvider client={createInboxClient({ baseUrl: '/api/inbox' })}><App /></InboxClientProvider>
 */
export function InboxClientProvider({ client, children }: InboxClientProviderProps): ReactNode {
  return createElement(InboxClientContext.Provider, { value: client }, children);
}

/**
 * The client given, else the provider's.
 * @throws {TypeError} naming `client` when there is neither
 */
export function useInboxClient(client: InboxClient | undefined, hook: string): InboxClient {
  const fromContext = useContext(InboxClientContext);
  const chosen = client ?? fromContext;
  if (!chosen || typeof chosen.summary !== 'function') {
    throw new TypeError(
      `${hook}: client is required: pass { client } (from createInboxClient) or render inside <InboxClientProvider>`,
    );
  }
  return chosen;
}
