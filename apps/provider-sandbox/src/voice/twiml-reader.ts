/** One element of a TwiML (or TeXML) document: a verb, or a noun inside one. */
export interface TwimlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Elements and text, in document order. */
  readonly children: readonly TwimlNode[];
}
export type TwimlNode = TwimlElement | string;

/** A document the sandbox cannot read, as Twilio reports it (12100, document parse failure). */
export class TwimlParseError extends Error {
  override readonly name = 'TwimlParseError';
  readonly code = 12100;
  constructor(reason: string, at: number) {
    super(`Document parse failure: ${reason} at offset ${at}`);
  }
}

/** Twilio refuses longer documents; the bound keeps every read cheap. */
export const MAX_TWIML_CHARS = 64 * 1024;
/** Verbs nest a level or two (`<Dial><Number>`, `<Say><prosody>`); deeper is not TwiML. */
const MAX_DEPTH = 16;

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** Resolves the five predefined entities and character references; no others exist without a DTD. */
function decodeEntities(text: string, offset: number): string {
  let out = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', from)) {
    const semicolon = text.indexOf(';', amp);
    // Entity names are short: a bound keeps a stray `&` from scanning the rest of the text.
    if (semicolon < 0 || semicolon - amp > 10)
      throw new TwimlParseError('bad entity', offset + amp);
    const name = text.slice(amp + 1, semicolon);
    let value = PREDEFINED_ENTITIES[name];
    if (value === undefined && name.startsWith('#')) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (Number.isInteger(code) && code > 0 && code <= 0x10ffff)
        value = String.fromCodePoint(code);
    }
    if (value === undefined) throw new TwimlParseError(`unknown entity &${name};`, offset + amp);
    out += text.slice(from, amp) + value;
    from = semicolon + 1;
  }
  return out + text.slice(from);
}

const isNameChar = (c: string | undefined) => c !== undefined && /[\w:.-]/.test(c);
const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';

interface OpenElement {
  name: string;
  attributes: Record<string, string>;
  children: TwimlNode[];
}

/**
 * Reads a TwiML document into its elements, in one pass over the text (time linear in its
 * length, whatever it holds). Enough XML for TwiML: elements, attributes, text, CDATA, comments,
 * the declaration and processing instructions; a DOCTYPE is refused, so no entity is ever
 * expanded beyond the predefined ones.
 *
 * @example readTwiml('<Response><Say>Hi</Say></Response>') // { name: 'Response', children: [{ name: 'Say', … }] }
 */
export function readTwiml(xml: string): TwimlElement {
  if (xml.length > MAX_TWIML_CHARS) {
    throw new TwimlParseError(`longer than ${MAX_TWIML_CHARS} characters`, MAX_TWIML_CHARS);
  }
  const stack: OpenElement[] = [];
  let root: OpenElement | undefined;
  let i = 0;

  const skipPast = (marker: string, what: string) => {
    const end = xml.indexOf(marker, i);
    if (end < 0) throw new TwimlParseError(`unterminated ${what}`, i);
    i = end + marker.length;
  };
  const addText = (text: string) => {
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(text);
    else if (text.trim() !== '') throw new TwimlParseError('text outside the root element', i);
  };
  const readName = () => {
    const start = i;
    while (isNameChar(xml[i])) i += 1;
    if (i === start) throw new TwimlParseError('expected a name', i);
    return xml.slice(start, i);
  };
  const skipSpace = () => {
    while (isSpace(xml[i])) i += 1;
  };

  while (i < xml.length) {
    if (xml[i] !== '<') {
      const next = xml.indexOf('<', i);
      const end = next < 0 ? xml.length : next;
      addText(decodeEntities(xml.slice(i, end), i));
      i = end;
    } else if (xml.startsWith('<?', i)) {
      skipPast('?>', 'processing instruction');
    } else if (xml.startsWith('<!--', i)) {
      skipPast('-->', 'comment');
    } else if (xml.startsWith('<![CDATA[', i)) {
      const start = i + '<![CDATA['.length;
      skipPast(']]>', 'CDATA section');
      addText(xml.slice(start, i - 3));
    } else if (xml.startsWith('<!', i)) {
      throw new TwimlParseError('a DOCTYPE or declaration is not allowed', i);
    } else if (xml.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (xml[i] !== '>') throw new TwimlParseError('expected >', i);
      i += 1;
      const open = stack.pop();
      if (open?.name !== name) throw new TwimlParseError(`unexpected </${name}>`, i);
    } else {
      i += 1;
      const element: OpenElement = { name: readName(), attributes: {}, children: [] };
      let selfClosing = false;
      for (;;) {
        skipSpace();
        if (xml[i] === '>') {
          i += 1;
          break;
        }
        if (xml.startsWith('/>', i)) {
          i += 2;
          selfClosing = true;
          break;
        }
        const attribute = readName();
        skipSpace();
        if (xml[i] !== '=') throw new TwimlParseError('expected =', i);
        i += 1;
        skipSpace();
        const quote = xml[i];
        if (quote !== '"' && quote !== "'") throw new TwimlParseError('expected a quote', i);
        const end = xml.indexOf(quote, i + 1);
        if (end < 0) throw new TwimlParseError('unterminated attribute', i);
        element.attributes[attribute] = decodeEntities(xml.slice(i + 1, end), i + 1);
        i = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) throw new TwimlParseError('a second root element', i);
      else root = element;
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) throw new TwimlParseError('nested too deeply', i);
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) throw new TwimlParseError(`<${stack.at(-1)!.name}> is not closed`, i);
  if (!root) throw new TwimlParseError('no root element', i);
  return root;
}

/** The text an element holds, its descendants' included (SSML inside `<Say>`), spaces collapsed. */
export function textOf(element: TwimlElement): string {
  const parts: string[] = [];
  const walk = (node: TwimlNode) => {
    if (typeof node === 'string') parts.push(node);
    else node.children.forEach(walk);
  };
  element.children.forEach(walk);
  return parts.join(' ').split(/\s+/).filter(Boolean).join(' ');
}

/** The element children of an element (text between verbs is insignificant). */
export function elementsOf(element: TwimlElement): TwimlElement[] {
  return element.children.filter((node): node is TwimlElement => typeof node !== 'string');
}
