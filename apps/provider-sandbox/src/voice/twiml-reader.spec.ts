import { adversarialTexts, slowCalls } from '@switchboard/text/testing';
import { MAX_TWIML_CHARS, TwimlParseError, elementsOf, readTwiml, textOf } from './twiml-reader';

describe('readTwiml', () => {
  it('reads verbs, attributes, nouns and text, with the declaration and comments skipped', () => {
    const root = readTwiml(
      `<?xml version="1.0" encoding="UTF-8"?>
      <!-- a greeting -->
      <Response>
        <Say voice="alice" language='en-US'>Hello &amp; welcome, caller &#35;1&#x21;</Say>
        <Pause length="2"/>
        <Dial action="/after"><Number>+15551230001</Number></Dial>
        <Say><![CDATA[<not a tag>]]></Say>
      </Response>`,
    );
    expect(root.name).toBe('Response');
    const [say, pause, dial, cdata] = elementsOf(root);
    expect(say).toMatchObject({ name: 'Say', attributes: { voice: 'alice', language: 'en-US' } });
    expect(textOf(say!)).toBe('Hello & welcome, caller #1!');
    expect(pause).toEqual({ name: 'Pause', attributes: { length: '2' }, children: [] });
    expect(elementsOf(dial!).map((n) => [n.name, textOf(n)])).toEqual([['Number', '+15551230001']]);
    expect(textOf(cdata!)).toBe('<not a tag>');
  });

  it('flattens SSML inside <Say> into the words said', () => {
    const root = readTwiml(
      '<Response><Say>Your code is <say-as interpret-as="digits">123</say-as>.<break time="1s"/> Bye</Say></Response>',
    );
    expect(textOf(elementsOf(root)[0]!)).toBe('Your code is 123 . Bye');
  });

  it.each([
    ['an unclosed element', '<Response><Say>Hi</Response>'],
    ['text outside the root', 'Hi <Response/>'],
    ['two roots', '<Response/><Response/>'],
    ['an unknown entity', '<Response><Say>&nbsp;</Say></Response>'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><Response/>'],
    ['an unquoted attribute', '<Response><Pause length=2/></Response>'],
    ['nothing at all', '   '],
  ])('refuses %s as a parse failure (12100)', (_what, xml) => {
    expect(() => readTwiml(xml)).toThrow(TwimlParseError);
    try {
      readTwiml(xml);
    } catch (err) {
      expect((err as TwimlParseError).code).toBe(12100);
    }
  });

  it('refuses documents over the size limit before reading them', () => {
    const huge = `<Response><Say>${'a'.repeat(MAX_TWIML_CHARS)}</Say></Response>`;
    expect(() => readTwiml(huge)).toThrow(/longer than/);
  });

  // Shapes that make a backtracking reader slow, as large as a document may be: each read ends
  // (in a document or a parse failure) within the text-handling budget.
  it.each(adversarialTexts(MAX_TWIML_CHARS - 100))('reads %s in linear time', (_name, text) => {
    const attempt = (xml: string) => () => {
      try {
        readTwiml(xml);
      } catch (err) {
        if (!(err instanceof TwimlParseError)) throw err;
      }
    };
    expect(
      slowCalls([
        ['as a document', attempt(text)],
        ['inside <Say>', attempt(`<Response><Say>${text}</Say></Response>`)],
        ['inside an attribute', attempt(`<Response><Say a="${text}"/></Response>`)],
      ]),
    ).toEqual([]);
  });

  it('reads the largest valid documents in linear time', () => {
    const fill = (unit: string) => unit.repeat(Math.floor((MAX_TWIML_CHARS - 40) / unit.length));
    expect(
      slowCalls([
        ['many verbs', () => readTwiml(`<Response>${fill('<Pause/>')}</Response>`)],
        ['many entities', () => readTwiml(`<Response><Say>${fill('&amp;')}</Say></Response>`)],
        ['many attributes', () => readTwiml(`<Response><Say ${fill('a="1" ')}/></Response>`)],
      ]),
    ).toEqual([]);
  });
});
