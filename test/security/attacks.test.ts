// SPDX-License-Identifier: Apache-2.0
/**
 * One hostile input per attack of issue 11, in every field every output shows, asserting the
 * attack has no effect in any output: CI logs and terminals, Markdown (PR comment, check
 * report, NETWORK.md), the PowerShell hand-over script, the PAC file, JSON and XML.
 */
import { markdownProblems, outputProblems, pacFunction } from './checks';
import { ATTACKS, BENIGN, everyOutput, type Output } from './hostile';

const benign = new Map(everyOutput(BENIGN).map((o) => [o.name, o]));

const problems = (output: Output): string[] => outputProblems(output, benign.get(output.name)?.content ?? '');

describe.each(Object.entries(ATTACKS))('%s', (_name, text) => {
  const outputs = everyOutput(text);

  test('every output kind is produced', () => {
    expect(new Set(outputs.map((o) => o.kind))).toEqual(
      new Set(['terminal', 'markdown', 'powershell', 'json', 'xml', 'list']),
    );
  });

  test.each(outputs.map((o) => [o.name, o] as const))('has no effect in %s', (_output, output) => {
    expect(problems(output)).toEqual([]);
  });

  test('SARIF help Markdown (rendered by code scanning) has no effect', () => {
    const helps = (content: string | undefined) =>
      (JSON.parse(content ?? '') as { runs: { tool: { driver: { rules: { help: { markdown: string } }[] } } }[] }).runs
        .flatMap((r) => r.tool.driver.rules)
        .map((rule) => rule.help.markdown)
        .join('\n\n');
    const sarif = (o: { name: string }) => o.name === 'check --format sarif';
    expect(
      markdownProblems(helps(outputs.find(sarif)?.content), helps(benign.get('check --format sarif')?.content)),
    ).toEqual([]);
  });

  test('JSON outputs carry the text exactly (escaping is for display, not for data)', () => {
    const report = JSON.parse(outputs.find((o) => o.name === 'check --format json')?.content ?? '') as {
      findings: { message: string }[];
    };
    expect(report.findings.map((f) => f.message)).toContain(text);
  });
});

describe('proxy.pac', () => {
  test.each(['proxy.example.org:3128', '10.40.0.4:8080', '[fd00::4]:3128'])(
    'with endpoint %s, FindProxyForURL returns exactly the proxy or DIRECT, and the file is ASCII',
    (endpoint) => {
      const outputs = everyOutput(BENIGN).map((o) => o);
      expect(outputs.some((o) => o.kind === 'pac')).toBe(false);
      const { siteArtefacts } =
        jest.requireActual<typeof import('../../lib/artefacts/generate')>('../../lib/artefacts/generate');
      const { hostileSite } = jest.requireActual<typeof import('./hostile')>('./hostile');
      const base = hostileSite(BENIGN);
      const site = {
        ...base,
        proxy: { kind: 'http' as const, endpoint, azureExplicitProxy: false, path: 'p' },
        bypass: [
          { host: '*.customed.de', reason: 'r', path: 'b' },
          { host: 'bücher.example', reason: 'IDN', path: 'c' },
        ],
      };
      const pac = siteArtefacts(site).find((f) => f.name === 'proxy.pac')?.content ?? '';
      expect(pac).toMatch(/^[\n\x20-\x7E]+$/);
      const find = pacFunction(pac);
      expect(find('https://kybe.customed.de/', 'kybe.customed.de')).toBe('DIRECT');
      expect(find('https://xn--bcher-kva.example/', 'xn--bcher-kva.example')).toBe('DIRECT');
      expect(find('https://customed.de/', 'customed.de')).toBe(`PROXY ${endpoint}`);
      expect(find('https://example.org/', 'EXAMPLE.org')).toBe(`PROXY ${endpoint}`);
    },
  );

  test('an endpoint that is not host:port gets no PAC file, and NETWORK.md and the script say why', () => {
    for (const text of [ATTACKS['PAC fall-back to direct'], ATTACKS['PAC string breakout']]) {
      const outputs = everyOutput(text);
      expect(outputs.map((o) => o.name)).not.toContain('proxy.pac');
      expect(outputs.find((o) => o.name === 'NETWORK.md')?.content).toContain('**No proxy.pac written**');
      expect(outputs.find((o) => o.name === 'connectivity-test.ps1')?.content).toContain('is not host:port');
    }
  });
});
