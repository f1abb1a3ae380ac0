import { subjectFor } from './send-email';

describe('subjectFor', () => {
  it('keeps a given subject', () => {
    expect(subjectFor('  Your receipt ', 'Body')).toBe('Your receipt');
  });

  it('derives one from the first line of text when there is none', () => {
    expect(subjectFor(null, '\n\nHello there\nSecond line')).toBe('Hello there');
    expect(subjectFor('', 'Only line')).toBe('Only line');
  });

  it('keeps a derived subject within 78 characters without splitting a character', () => {
    const subject = subjectFor(null, `${'a'.repeat(76)}😀😀😀`);
    expect(Array.from(subject)).toHaveLength(78);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('falls back to "(no subject)" for an empty body', () => {
    expect(subjectFor(null, '   ')).toBe('(no subject)');
  });
});
