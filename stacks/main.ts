// SPDX-License-Identifier: Apache-2.0
/** `npm run synth`: the example estate, one stack per site in cdktf.out/stacks/, behind the policy gate. */
import { App } from 'cdktf';
import { synthOrReport } from '../lib/constructs/synth';
import { backendFromEnv } from './backend';
import { buildExampleEstate } from './estate';

const app = new App({ outdir: 'cdktf.out' });
process.exitCode = synthOrReport(app, () => buildExampleEstate(app, backendFromEnv()));
