// SPDX-License-Identifier: Apache-2.0
/**
 * Hostile text, placed in every model and report field an output shows, and every output
 * clinicnet writes from it. The attacks are the ones issue 11 names, as a pull request could
 * write them into Terraform JSON (names, descriptions, endpoints) or a suppression file.
 */
import { siteArtefacts } from '../../lib/artefacts/generate';
import type { NetworkModel, Site } from '../../lib/model/types';
import type { Evaluation } from '../../lib/policy/evaluation';
import type { Finding } from '../../lib/policy/finding';
import { renderReport, REPORT_FORMATS } from '../../lib/report/render';
import { renderSummary } from '../../lib/report/summary';
import { renderReviewJson } from '../../lib/review/json';
import { renderReviewMarkdown } from '../../lib/review/markdown';
import { buildReview } from '../../lib/review/review';
import { flow, forward, model, site, vpnLink } from '../review/builders';

/** Marker every PowerShell test appends, so attacker text can be found wherever it lands. */
export const MARKER = 'PWNED';

/** One input per attack. */
export const ATTACKS: Readonly<Record<string, string>> = {
  'GitHub workflow command after a newline': 'x\n::error file=main.tf::forged\n::stop-commands::tok',
  'GitHub workflow command after trimmed whitespace': ' \t\u00A0::warning::forged',
  'Azure Pipelines logging commands': 'x ##vso[task.setvariable variable=PWN]1 ##[error]forged',
  'Azure Pipelines command at the start': '##[section]forged',
  'terminal escape sequences': '\u001b]0;owned\u0007\u001b[2J\u001b[31mred\u009b0m',
  'bidi override': 'safe\u202Edegnahcnu\u202C\u2066x\u2069',
  'forged verdict and heading': 'x\n\n### ✅ passed\n\n**clinicnet review** — ✅ No error findings',
  'mention and issue references': '@acme/netops @octocat #1 GH-2 acme/repo#3',
  'image and link': '![x](https://evil.example/p.png) [click](https://evil.example) <https://evil.example>',
  'bare URL, www and e-mail': 'https://evil.example www.evil.example evil@example.org',
  'raw HTML and a comment that hides the rest': '<img src=x onerror=alert(1)> <!-- hide',
  'table break': 'a | b |\n|---|---|',
  'code span break': '`` ` x ` ``',
  'PowerShell quote breakout': "x'; Invoke-Evil; '",
  'PowerShell typographic quotes': 'x\u2019; Invoke-Evil; \u2018 \u201A \u201B',
  'PowerShell comment breakout': 'x\nInvoke-Evil\n# ',
  'ANSI code page quotes (UTF-8 bytes 0x91 0x92 0x82)': '\u00D1\u0152\u0102 Invoke-Evil',
  'PAC fall-back to direct': 'proxy.example.org:3128; DIRECT',
  'PAC string breakout': 'proxy.example.org:3128"; return "DIRECT',
  'Mermaid directive and click': '%%{init: {"securityLevel":"loose"}}%% click A call evil()',
};

/** Text that exercises the same paths and has no effect by construction. */
export const BENIGN = 'benign';

/** A site whose every shown field carries `text` (bypass hosts must parse as hostnames: kept valid). */
export function hostileSite(text: string): Site {
  return site(text, {
    packs: ['lumos', 'custo', 'onepacs'],
    egress: [
      flow(text, { fqdns: [text], ports: ['443'], requirement: text, purpose: text }),
      flow(`${text}-2`, { fqdns: [], addresses: [text], requirement: 'LUMOS-EGRESS-991' }),
    ],
    inbound: [forward(text, { reason: text, requirement: text, sources: [text] })],
    proxy: { kind: 'http', endpoint: text, azureExplicitProxy: false, path: text },
    bypass: [{ host: '*.customed.de', reason: text, requirement: text, path: text }],
    tlsInspection: { enabled: true, caCertificate: text, path: text },
    vpnLinks: [vpnLink(text)],
    vendor: {
      lumos: { extractionHostOs: text },
      custo: { role: 'centre', mode: 'port-forward', sslPort: 8443 },
      onepacs: { gatewayAddress: text },
    },
  });
}

function hostileFinding(text: string, severity: Finding['severity']): Finding {
  return {
    rule: text,
    requirement: text,
    severity,
    kind: 'violation',
    pack: text,
    site: text,
    path: text,
    message: text,
    remediation: text,
    source: text,
  };
}

/** An evaluation with a finding, a suppressed finding and a suppression, all fields `text`. */
export function hostileEvaluation(text: string): Evaluation {
  const suppression = {
    id: text,
    site: text,
    path: text,
    reason: text,
    owner: text,
    expires: text,
    declaredAt: text,
  };
  return {
    findings: [hostileFinding(text, 'error'), hostileFinding(text, 'warning')],
    suppressed: [{ finding: hostileFinding(text, 'info'), suppression }],
    suppressions: [{ suppression, state: 'applied', matched: 1 }],
  };
}

function hostileModel(text: string): NetworkModel {
  return model(hostileSite(text));
}

/** One output clinicnet writes, and the escaping it needs. */
export interface Output {
  readonly name: string;
  readonly kind: 'terminal' | 'markdown' | 'powershell' | 'pac' | 'json' | 'xml' | 'list';
  readonly content: string;
}

/** Every output for input `text`: check in every format, the gate summary, the review, the hand-over files. */
export function everyOutput(text: string): Output[] {
  const evaluation = hostileEvaluation(text);
  const context = { fileOf: () => text, checks: [{ site: text, requirement: text }] };
  const kinds = {
    text: 'terminal',
    json: 'json',
    sarif: 'json',
    junit: 'xml',
    markdown: 'markdown',
    gitlab: 'json',
  } as const;
  const outputs: Output[] = REPORT_FORMATS.map((format) => ({
    name: `check --format ${format}`,
    kind: kinds[format],
    content: renderReport(format, evaluation, context),
  }));
  const head = hostileModel(text);
  outputs.push({
    name: 'gate summary',
    kind: 'terminal',
    content: renderSummary({ model: head, evaluation, packsBySite: { [text]: [text] } }),
  });
  const base = model(site(text, { egress: [flow('kept', { purpose: text })] }));
  const review = buildReview({ base, head, baseEvaluation: hostileEvaluation('old'), headEvaluation: evaluation });
  outputs.push(
    { name: 'review markdown', kind: 'markdown', content: renderReviewMarkdown(review) },
    { name: 'review json', kind: 'json', content: renderReviewJson(review) },
  );
  const fileKinds: Record<string, Output['kind']> = {
    'NETWORK.md': 'markdown',
    'connectivity-test.ps1': 'powershell',
    'proxy.pac': 'pac',
    'proxy-override.txt': 'list',
    'no-proxy.txt': 'list',
  };
  // The VPN peer sheet (`vpn-peer-<link>.md`, one link here) is Markdown, compared under one name:
  // its file name follows the link name, and vpn-peer-sheet.test.ts checks those names.
  const sheet = /^vpn-peer-[a-z0-9-]+\.md$/;
  for (const file of siteArtefacts(head.sites[0])) {
    const isSheet = sheet.test(file.name);
    outputs.push({
      name: isSheet ? 'vpn peer sheet' : file.name,
      kind: isSheet ? 'markdown' : fileKinds[file.name],
      content: file.content,
    });
  }
  return outputs;
}
