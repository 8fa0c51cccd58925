// Wire shapes the story reads: only the fields it checks, as the API's OpenAPI schemas give them.

/** An RFC 9457 problem. */
export interface Problem {
  readonly type: string;
  readonly status: number;
}

/** A successful sign-in. */
export interface SignedIn {
  readonly status: 'signed_in';
  readonly userId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** A sign-in that needs a second factor. */
export interface MfaRequired {
  readonly status: 'mfa_required';
  readonly mfaToken: string;
  readonly methods: readonly string[];
}

/** The result of a transfer or template application. */
export interface TransferResult {
  readonly status: string;
  readonly transfer: { readonly pendingStatus: string } | null;
}

/** A dispute as the API answers it. */
export interface Dispute {
  readonly disputeId: string;
  readonly status: string;
  readonly lostReason: string | null;
  readonly stagedEvidence: readonly unknown[];
}

/** One line of an account statement. */
export interface StatementLine {
  readonly entry: { readonly side: 'debit' | 'credit'; readonly kind: string };
  readonly postedMinor: string;
}

/** An audit entry with its place in the log. */
export interface SequencedEntry {
  readonly index: number;
  readonly entry: {
    readonly id: string;
    readonly action: string;
    readonly requestId: string | null;
  };
}

/** The latest signed checkpoint. */
export interface Checkpoint {
  readonly checkpoint: string;
  readonly treeSize: number;
}
