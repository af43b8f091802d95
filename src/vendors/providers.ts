/** The vendors this package knows: the one place a new vendor is listed. */
export const PROVIDERS = ['commbox', 'cometchat'] as const;

/** The vendor an error or a result comes from. */
export type Provider = (typeof PROVIDERS)[number];

/** How each provider is named in messages. */
export const PROVIDER_NAMES: Record<Provider, string> = { commbox: 'CommBox', cometchat: 'CometChat' };
