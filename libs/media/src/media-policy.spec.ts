import { attachmentsRefusal, MediaLimits } from './media-policy';

describe('attachmentsRefusal', () => {
  it('accepts images on MMS within 5 MB in all', () => {
    expect(attachmentsRefusal('mms', [{ content_type: 'image/png', size: 1000 }])).toBeUndefined();
  });

  it('names the attachment of a type the channel refuses', () => {
    expect(
      attachmentsRefusal('mms', [
        { content_type: 'image/png', size: 10 },
        {
          content_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          size: 10,
        },
      ]),
    ).toMatch(/^attachments\.1: /);
    expect(attachmentsRefusal('email', [{ content_type: 'application/x-elf', size: 10 }])).toMatch(
      /^attachments\.0: application\/x-elf/,
    );
  });

  it('refuses a message whose files together pass the channel limit', () => {
    const half = MediaLimits.mms.totalBytes / 2;
    expect(
      attachmentsRefusal('mms', [
        { content_type: 'image/png', size: half },
        { content_type: 'image/png', size: half + 1 },
      ]),
    ).toMatch(/over the mms limit/);
  });
});
