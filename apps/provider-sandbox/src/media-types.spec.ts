import { contentTypeOf, fileNameOf } from './media-types';

describe('contentTypeOf', () => {
  it.each([
    ['https://cdn.test/cat.JPG', 'image/jpeg'],
    ['https://cdn.test/a/b/clip.mp4?sig=1', 'video/mp4'],
    ['https://cdn.test/card.vcf', 'text/vcard'],
    ['notes.pdf', 'application/pdf'],
    ['https://cdn.test/blob', 'application/octet-stream'],
    ['https://cdn.test/file.unknown', 'application/octet-stream'],
  ])('guesses %s as %s', (url, type) => {
    expect(contentTypeOf(url)).toBe(type);
  });
});

describe('fileNameOf', () => {
  it('decodes the last path segment and has none for a bare origin or a non-URL', () => {
    expect(fileNameOf('https://cdn.test/files/my%20notes.pdf')).toBe('my notes.pdf');
    expect(fileNameOf('https://cdn.test/')).toBeUndefined();
    expect(fileNameOf('not a url')).toBeUndefined();
  });
});
