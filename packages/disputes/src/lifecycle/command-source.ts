/** A provider's final word on a dispute, which overrides the local state machine. */
export type FinalStatus = 'won' | 'lost';

/**
 * Who asks for a change. A provider notification names its provider and notification id (for
 * duplicate detection) and may carry the provider's final status.
 */
export type CommandSource =
  | { readonly kind: 'merchant' }
  | { readonly kind: 'system' }
  | {
      readonly kind: 'provider';
      readonly provider: string;
      readonly notificationId: string;
      readonly final?: FinalStatus;
    };

/** A command source that is a provider notification. */
export type ProviderSource = Extract<CommandSource, { readonly kind: 'provider' }>;
