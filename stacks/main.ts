// SPDX-License-Identifier: Apache-2.0
/** `npm run synth`: the example estate, one stack per site in cdktf.out/stacks/. */
import { App } from 'cdktf';
import { backendFromEnv } from './backend';
import { buildExampleEstate } from './estate';

const app = new App({ outdir: 'cdktf.out' });
buildExampleEstate(app, backendFromEnv());
app.synth();
