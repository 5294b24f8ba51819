export interface GateReason {
  /** The rule that fired, e.g. `new-chain`, `open-chain`, `mitigation-lost`, `acceptance-expired`, `manifest-invalid`. */
  code: string;
  fingerprint?: string;
  message: string;
}

export interface Gate {
  status: 'pass' | 'fail';
  /** True when warn-only turned a failure into a pass. */
  warnOnly?: boolean;
  reasons: GateReason[];
}
