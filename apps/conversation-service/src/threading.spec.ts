import { adversarialTexts, slowCalls } from '@switchboard/text/testing';
import { conversationChannelOf, participantPair, previewOf } from './threading';

describe('participantPair', () => {
  it('finds the same conversation whichever side sent the message', () => {
    expect(participantPair('+15551234567', '+15557654321')).toEqual(
      participantPair('+15557654321', '+15551234567'),
    );
    expect(participantPair('jane@example.com', 'app@example.com')).toEqual([
      'app@example.com',
      'jane@example.com',
    ]);
  });

  it('keeps both participants, in a stable order', () => {
    expect(participantPair('+15557654321', '+15551234567')).toEqual([
      '+15551234567',
      '+15557654321',
    ]);
    expect(participantPair('+15551234567', '+15557654321')).toEqual([
      '+15551234567',
      '+15557654321',
    ]);
  });

  it('handles a conversation with oneself', () => {
    expect(participantPair('+15551234567', '+15551234567')).toEqual([
      '+15551234567',
      '+15551234567',
    ]);
  });

  it('is order-independent for many random pairs', () => {
    for (let i = 0; i < 200; i++) {
      const a = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
      const b = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
      const pair = participantPair(a, b);
      expect(participantPair(b, a)).toEqual(pair);
      expect([...pair].sort()).toEqual([a, b].sort());
    }
  });
});

describe('previewOf', () => {
  it('strips HTML tags and collapses whitespace', () => {
    expect(previewOf('<p>Hello   <b>Ada</b></p>\n\n<p>See you\tsoon</p>', null, 'email')).toBe(
      'Hello Ada See you soon',
    );
  });

  it('keeps plain text as it is', () => {
    expect(previewOf('On my way!', null, 'sms')).toBe('On my way!');
  });

  it('is at most 120 characters', () => {
    expect(previewOf('a'.repeat(500), null, 'sms')).toBe('a'.repeat(120));
    expect(previewOf(`<div>${'word '.repeat(100)}</div>`, null, 'email')).toHaveLength(120);
    expect(previewOf('short', null, 'sms')).toBe('short');
  });

  it('falls back to the subject when the body has no text', () => {
    expect(previewOf('', 'Your receipt', 'email')).toBe('Your receipt');
    expect(previewOf('<img src="x.png"><br/>  ', 'Photo', 'email')).toBe('Photo');
    expect(previewOf('', 's'.repeat(200), 'email')).toHaveLength(120);
  });

  it('prefers the body over the subject', () => {
    expect(previewOf('<p>Body text</p>', 'Subject', 'email')).toBe('Body text');
  });

  it('keeps angle brackets in SMS text, which is not HTML', () => {
    expect(previewOf('if 2 < 3 and 5 > 4 then reply YES', null, 'sms')).toBe(
      'if 2 < 3 and 5 > 4 then reply YES',
    );
  });

  it('never cuts a character in half', () => {
    const preview = previewOf(`${'a'.repeat(119)}😀tail`, null, 'sms');
    expect(preview).toBe(`${'a'.repeat(119)}😀`);
    expect(preview).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('is empty when there is nothing to show', () => {
    expect(previewOf('', null, 'sms')).toBe('');
    expect(previewOf('   ', '', 'sms')).toBe('');
  });
});

describe('conversationChannelOf', () => {
  it('threads sms and mms on the phone channel and email on its own', () => {
    expect(conversationChannelOf('sms')).toBe('phone');
    expect(conversationChannelOf('mms')).toBe('phone');
    expect(conversationChannelOf('email')).toBe('email');
  });
});

describe('previewOf on hostile bodies', () => {
  // A running service's code is compiled already: the first calls of a fresh process pay for
  // compiling the parser's paths, which has nothing to do with the length of the input.
  beforeAll(() => {
    for (const [, text] of adversarialTexts(4 * 1024)) previewOf(text, text, 'email');
  });

  it.each(adversarialTexts())('answers 1 MiB of %s within the budget', (_name, text) => {
    expect(
      slowCalls([
        ['email preview', () => previewOf(text, text, 'email')],
        ['sms preview', () => previewOf(text, text, 'sms')],
      ]),
    ).toEqual([]);
  });
});

describe('previewOf on long bodies', () => {
  it('shows the labels of links, not their targets', () => {
    expect(previewOf('<p>Hi <a href="https://example.com/a">there</a></p>', null, 'email')).toBe(
      'Hi there',
    );
  });

  it('previews the text of an email body after a long head of styles', () => {
    const css = 'p { color: red; }\n'.repeat(5_000);
    expect(
      previewOf(`<html><head><style>${css}</style></head><body><p>Hello Ada</p>`, 'S', 'email'),
    ).toBe('Hello Ada');
  });
});
