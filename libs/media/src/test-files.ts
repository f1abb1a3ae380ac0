/**
 * Files the media suites send: a real PNG, the EICAR test file (assembled here, so the
 * repository itself holds no detectable sample), our own test signature, and an ELF executable
 * header wearing a `.png` name.
 */
export const TestFiles = {
  /** A 1×1 transparent PNG. */
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
  eicar: Buffer.from(
    ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''),
  ),
  /** Text carrying the repository's custom test signature (infra/clamav). */
  customSignature: Buffer.from(
    ['hello ', 'SWITCHBOARD-MEDIA-', 'TEST-SIGNATURE', ' bye\n'].join(''),
  ),
  /** The start of a 64-bit ELF executable. */
  elf: Buffer.concat([
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
    Buffer.alloc(120, 0),
  ]),
} as const;
