// SPDX-License-Identifier: Apache-2.0
/** A user's Medicare-like vendor pack: HTTPS to one host, as a pack file or `registerPack` takes it. */
export const MEDICARE = {
  id: 'medicare',
  title: 'Medicare online claiming',
  appliesTo: 'declared',
  requirements: [
    {
      requirement: 'MEDICARE-EGRESS-443',
      title: 'HTTPS to the claiming service',
      rule: 'required-egress-flows',
      severity: 'error',
      params: {
        methods: [
          {
            name: 'HTTPS',
            flows: [{ host: 'claims.medicare.example.org', protocol: 'tcp', port: '443', app: 'https' }],
          },
        ],
      },
      source: { document: 'Medicare claiming network guide', section: 'Firewall' },
      remediation: 'Allow HTTPS to claims.medicare.example.org by hostname.',
    },
  ],
};
