import { sniffContentType } from './content-sniffer';
import { TestFiles } from './test-files';

describe('sniffContentType', () => {
  it('types a PNG by its bytes whatever it is declared as', async () => {
    expect(await sniffContentType(TestFiles.png, 'application/pdf')).toBe('image/png');
  });

  it('types an executable declared as an image as an executable', async () => {
    expect(await sniffContentType(TestFiles.elf, 'image/png')).toBe('application/x-elf');
  });

  it('names text with its declared text type, and binary noise as octet-stream', async () => {
    expect(
      await sniffContentType(Buffer.from('BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n'), 'text/vcard'),
    ).toBe('text/vcard');
    expect(await sniffContentType(Buffer.from('plain words'), 'image/png')).toBe('text/plain');
    expect(await sniffContentType(Buffer.from([0, 1, 2, 3, 250, 251]), 'text/plain')).toBe(
      'application/octet-stream',
    );
  });
});
