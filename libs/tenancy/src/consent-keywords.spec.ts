import { CONSENT_KEYWORDS, consentKeywordOf } from './consent-keywords';

describe('consentKeywordOf', () => {
  it('recognises every keyword of the standard sets in any case and with surrounding whitespace', () => {
    for (const word of CONSENT_KEYWORDS.optOut) {
      expect(consentKeywordOf(word)).toBe('opt_out');
      expect(consentKeywordOf(`  ${word.toLowerCase()}\n`)).toBe('opt_out');
    }
    for (const word of CONSENT_KEYWORDS.optIn) expect(consentKeywordOf(` ${word} `)).toBe('opt_in');
    for (const word of CONSENT_KEYWORDS.help)
      expect(consentKeywordOf(word.toLowerCase())).toBe('help');
  });

  it('takes STOP with text after it as an opt-out, but no other keyword inside a sentence', () => {
    expect(consentKeywordOf('Stop texting me')).toBe('opt_out');
    expect(consentKeywordOf('STOP.')).toBe('opt_out');
    expect(consentKeywordOf('yes please call me')).toBeUndefined();
    expect(consentKeywordOf('the end')).toBeUndefined();
    expect(consentKeywordOf('stopwatch')).toBeUndefined();
    expect(consentKeywordOf('')).toBeUndefined();
    expect(consentKeywordOf('Can you help me with my order?')).toBeUndefined();
  });
});
