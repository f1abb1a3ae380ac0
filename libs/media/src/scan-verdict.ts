/** What clamd said about a file. `pending` means it has not been scanned yet. */
export const SCAN_STATUSES = ['pending', 'clean', 'infected', 'error'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

/** A finished scan: clean, infected with the signature's name, or refused by clamd (size, format). */
export type ScanVerdict =
  | { status: 'clean' }
  | { status: 'infected'; signature: string }
  | { status: 'error'; reason: string };
