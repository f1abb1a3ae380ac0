import { adversarialTexts, slowCalls } from './testing';
import { CUT_MARKER, HTML_TO_TEXT_MAX_CHARS, htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('drops inline tags', () => {
    expect(htmlToText('<p>Hi <b>there</b>, <em>Ada</em></p>')).toBe('Hi there, Ada');
  });

  it('puts paragraphs, divs and headings on their own lines', () => {
    expect(htmlToText('<h1>Welcome</h1><p>First.</p><div>Second.</div><p>Third.</p>')).toBe(
      'Welcome\nFirst.\nSecond.\nThird.',
    );
  });

  it('turns <br> in any spelling into a line break', () => {
    expect(htmlToText('one<br>two<br/>three<br />four<BR>five')).toBe(
      'one\ntwo\nthree\nfour\nfive',
    );
  });

  it('collapses runs of blank lines and trims the ends', () => {
    expect(htmlToText('<p>a</p><br><br><br><br><p>b</p>\n\n')).toBe('a\n\nb');
    expect(htmlToText('<p>a   </p><p>b</p>')).toBe('a\nb');
  });

  it('renders list items as dashes', () => {
    expect(htmlToText('<ul><li>one</li><li class="x">two</li></ul>')).toBe('- one\n- two');
  });

  it('keeps the target of a link next to its label', () => {
    expect(htmlToText('<p>Read <a href="https://example.com/terms">our terms</a>.</p>')).toBe(
      'Read our terms (https://example.com/terms).',
    );
    expect(
      htmlToText("<a class='btn' href='https://example.com/x' target=\"_blank\">Open</a>"),
    ).toBe('Open (https://example.com/x)');
  });

  it('prints a link once when its label is the URL or empty', () => {
    expect(htmlToText('<a href="https://example.com">https://example.com</a>')).toBe(
      'https://example.com',
    );
    expect(htmlToText('<a href="https://example.com"> </a>')).toBe('https://example.com');
  });

  it('decodes the common named and decimal entities', () => {
    expect(
      htmlToText('Tom &amp; Jerry &lt;3 &quot;cheese&quot; &#39;n&apos; crackers&nbsp;&#8364;5'),
    ).toBe('Tom & Jerry <3 "cheese" \'n\' crackers €5');
  });

  it('decodes only once, so an escaped entity stays visible as written', () => {
    expect(htmlToText('Type &amp;lt; to get &lt;')).toBe('Type &lt; to get <');
  });

  it('leaves unknown entities as they are', () => {
    expect(htmlToText('a &bogus; b')).toBe('a &bogus; b');
  });

  it('drops scripts and styles with their content', () => {
    const html =
      '<html><head><style type="text/css">p { color: red }</style></head>' +
      '<body><script>alert("x")</script><p>Visible</p><SCRIPT src="a.js"></SCRIPT></body></html>';
    expect(htmlToText(html)).toBe('Visible');
  });

  it('does not let an entity-encoded tag become markup that is stripped', () => {
    expect(htmlToText('<p>Use &lt;b&gt; for bold</p>')).toBe('Use <b> for bold');
  });

  it('passes plain text through', () => {
    expect(htmlToText('Just text.')).toBe('Just text.');
    expect(htmlToText('')).toBe('');
  });
});

describe('htmlToText numeric entities', () => {
  it('decodes hex entities and shows an out-of-range code point as U+FFFD, as a browser does', () => {
    expect(htmlToText('It&#x27;s')).toBe("It's");
    expect(htmlToText('Price: &#99999999;')).toBe('Price: \ufffd');
  });
});

describe('htmlToText on long bodies', () => {
  it('converts the body, not the styles in the head', () => {
    const css = `p { color: red; }\n`.repeat(HTML_TO_TEXT_MAX_CHARS / 10);
    expect(
      htmlToText(`<html><head><style>${css}</style></head><body><p>Hello</p></body></html>`),
    ).toBe('Hello');
  });

  it('converts the first part of a very long body and says that it stops there', () => {
    const text = htmlToText(`<p>${'word '.repeat(HTML_TO_TEXT_MAX_CHARS)}</p>`);
    expect(text.startsWith('word word')).toBe(true);
    expect(text.endsWith(`\n${CUT_MARKER}`)).toBe(true);
    expect(text.length).toBeLessThanOrEqual(HTML_TO_TEXT_MAX_CHARS + 1 + CUT_MARKER.length);
  });
});

describe('htmlToText on hostile bodies', () => {
  // A running service's code is compiled already: the first calls of a fresh process pay for
  // compiling the parser's paths, which has nothing to do with the length of the input.
  beforeAll(() => {
    for (const [, text] of adversarialTexts(4 * 1024)) htmlToText(text);
  });

  it.each(adversarialTexts())('converts 1 MiB of %s within the budget', (_name, text) => {
    expect(slowCalls([['htmlToText', () => htmlToText(text)]])).toEqual([]);
  });
});
