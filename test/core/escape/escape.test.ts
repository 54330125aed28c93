// SPDX-License-Identifier: Apache-2.0
import * as vm from 'vm';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import {
  guardCiLines,
  markdownCode,
  markdownText,
  mermaidLabel,
  pacString,
  POWERSHELL_QUOTES,
  powershellString,
  terminalText,
} from '../../../lib/core/escape';
import { evaluateStringExpression, tokenizePowerShell } from '../../security/powershell-tokens';

const unicode = fc.string({ unit: 'binary', maxLength: 40 });
const SEED = { seed: 20261129, numRuns: 300 };

// Property runs are CPU-bound and the machine is shared: room beyond the 5-s default.
jest.setTimeout(60_000);

describe('terminalText', () => {
  test('shows controls, ESC, bidi and invisibles escaped; doubles backslashes', () => {
    expect(terminalText('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(terminalText('\u001b[31m\u009b')).toBe('\\x1b[31m\\x9b');
    expect(terminalText('x\u202Ey\u2066\u200B\uFEFF')).toBe('x\\u{202e}y\\u{2066}\\u{200b}\\u{feff}');
    expect(terminalText('C:\\n')).toBe('C:\\\\n');
    expect(terminalText('\uD800')).toBe('\\u{d800}');
    expect(terminalText('😀 é')).toBe('😀 é');
  });

  test('breaks ## anywhere and a leading :: after whitespace; leaves IPv6 alone', () => {
    expect(terminalText('##vso[task.x]')).toBe('#\\x23vso[task.x]');
    expect(terminalText('a ##[error]')).toBe('a #\\x23[error]');
    expect(terminalText(' \u00A0::error::x')).toBe(' \u00A0\\x3a:error::x');
    expect(terminalText('fd00::/8')).toBe('fd00::/8');
  });

  test('never yields a line break, and a leading :: or ## never survives', () => {
    fc.assert(
      fc.property(unicode, (s) => {
        const out = terminalText(s);
        return !/[\n\r\u2028\u2029\u0085]/.test(out) && !/^(::|##)/.test(out.trimStart()) && !out.includes('##');
      }),
      SEED,
    );
  });

  test('guardCiLines escapes the first mark of a line that starts with :: or ##, and nothing else', () => {
    expect(guardCiLines('ok\n  ::x\n##y\n a::b\n#z\n')).toBe('ok\n  \\x3a:x\n\\x23#y\n a::b\n#z\n');
  });
});

const md = new MarkdownIt({ html: true, linkify: true });
const inline = (source: string) => md.parseInline(source, {})[0].children ?? [];

describe('markdownText', () => {
  test('keeps ordinary words readable and shows names, hosts and addresses as code', () => {
    expect(markdownText('allow-any rule on csu.cherel.org.au, port 443.')).toBe(
      'allow-any rule on `csu.cherel.org.au`, port 443.',
    );
    expect(markdownText('flow `lumos-portal` (see x.org).')).toBe('flow `lumos-portal` \\(see `x.org`\\).');
  });

  test('neutralises mentions, references, links, images, HTML, comments and emphasis', () => {
    expect(markdownText('@team #12 GH-3 evil@x.org')).toBe('`@team` `#12` `GH-3` `evil@x.org`');
    expect(markdownText('![i](u) [l](u) *b* _i_ ~s~ $m$')).toBe(
      '\\!\\[i\\]\\(u\\) \\[l\\]\\(u\\) \\*b\\* \\_i\\_ \\~s\\~ \\$m\\$',
    );
    expect(markdownText('<!-- <b> &amp;')).toBe('\\<\\!-- \\<b\\> \\&amp;');
  });

  test('one line always; a list, quote or heading cannot start; pipes stay literal in and out of tables', () => {
    expect(markdownText('a\n# b')).toBe('`a\\n#` b');
    expect(markdownText('- x')).toBe('\\- x');
    expect(markdownText('1. x')).toBe('1\\. x');
    expect(markdownText('> x')).toBe('\\> x');
    expect(markdownText('a|b.c|d')).toBe('`a`\\|`b.c`\\|`d`');
  });

  test('code spans survive backticks in the value', () => {
    const out = markdownText('x.`y`.z');
    const tokens = inline(out);
    expect(tokens.map((t) => [t.type, t.content])).toEqual([['code_inline', 'x.`y`.z']]);
  });

  test('rendered, random text is one run of text and code with the same characters, never a link, image or HTML', () => {
    fc.assert(
      fc.property(unicode, (s) => {
        const tokens = inline(markdownText(s));
        return tokens.every((t) => ['text', 'code_inline', 'text_special'].includes(t.type));
      }),
      SEED,
    );
  });

  test('markdownCode is one code span per pipe-separated piece', () => {
    expect(markdownCode('azurerm_x.y')).toBe('`azurerm_x.y`');
    expect(markdownCode('a`b|c\nd')).toBe('``a`b``\\|`c\\nd`');
  });
});

describe('mermaidLabel', () => {
  test('quotes, directives, click, brackets, fences and HTML become character codes', () => {
    expect(mermaidLabel('a"b')).toBe('"a#34;b"');
    expect(mermaidLabel('%%{init: {}}%%')).toBe('"#37;#37;#123;init#58; #123;#125;#125;#37;#37;"');
    expect(mermaidLabel('x]) --> click y')).toBe('"x#93;#41; --#62; click y"');
    expect(mermaidLabel('```~~~<b>\n')).toBe('"#96;#96;#96;#126;#126;#126;#60;b#62;#92;n"');
  });

  test('random text: one quoted label of letters, digits, spaces, -_., and #NNN; codes', () => {
    fc.assert(
      fc.property(unicode, (s) => /^"([\p{L}\p{N} _.,-]|#\d+;)*"$/u.test(mermaidLabel(s))),
      SEED,
    );
  });
});

describe('powershellString', () => {
  test('printable ASCII in single quotes with quotes doubled; everything else as [char]', () => {
    expect(powershellString("it's")).toBe("'it''s'");
    expect(powershellString('')).toBe("''");
    expect(powershellString('a\nb')).toBe("('a' + [char]0x000A + 'b')");
    expect(powershellString('\u2019')).toBe("('' + [char]0x2019)");
  });

  test('no quote character of the five appears literally, and the output is ASCII', () => {
    for (const q of POWERSHELL_QUOTES) {
      const out = powershellString(`x${q}; Invoke-Evil; ${q}`);
      expect(out).toMatch(/^[\x20-\x7E]+$/);
      expect(tokenizePowerShell(out).filter((t) => t.kind !== 'single' && t.text.includes('Invoke-Evil'))).toEqual([]);
    }
  });

  test('round trip: the tokenizer reads back exactly the value, for random Unicode', () => {
    fc.assert(
      fc.property(unicode, (s) => evaluateStringExpression(powershellString(s)) === s),
      SEED,
    );
  });
});

describe('pacString', () => {
  test('ASCII-only JavaScript literal that evaluates back to the value', () => {
    expect(pacString('a"b\u2028é')).toBe('"a\\"b\\u2028\\u00e9"');
    fc.assert(
      fc.property(unicode, (s) => {
        const literal = pacString(s);
        return /^[\x20-\x7E]+$/.test(literal) && vm.runInNewContext(literal) === s;
      }),
      SEED,
    );
  });
});
