import { withAttachmentLinks } from './attachment-links';

describe('withAttachmentLinks', () => {
  it('leaves bodies alone without attachments', () => {
    expect(withAttachmentLinks({ html: '<p>Hi</p>', text: 'Hi', attachmentUrls: [] })).toEqual({
      html: '<p>Hi</p>',
      text: 'Hi',
      links: [],
    });
  });

  it('appends a link per attachment, named by its file, escaped in HTML', () => {
    const result = withAttachmentLinks({
      html: '<p>Hi</p>',
      text: 'Hi',
      attachmentUrls: ['https://cdn.test/files/my%20notes.pdf', 'https://cdn.test/?a="b"&c'],
    });
    expect(result.links).toEqual([
      { url: 'https://cdn.test/files/my%20notes.pdf', name: 'my notes.pdf' },
      { url: 'https://cdn.test/?a="b"&c', name: 'attachment-2' },
    ]);
    expect(result.text).toBe(
      'Hi\n\nAttachments:\nmy notes.pdf: https://cdn.test/files/my%20notes.pdf\nattachment-2: https://cdn.test/?a="b"&c',
    );
    expect(result.html).toBe(
      '<p>Hi</p><hr><p>Attachments:</p><ul><li><a href="https://cdn.test/files/my%20notes.pdf">my notes.pdf</a></li><li><a href="https://cdn.test/?a=&quot;b&quot;&amp;c">attachment-2</a></li></ul>',
    );
  });
});
