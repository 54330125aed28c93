// SPDX-License-Identifier: Apache-2.0
import { App, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';

const app = new App({ outdir: 'cdktf.out' });
const stack = new TerraformStack(app, 'hub');
new AzurermProvider(stack, 'azurerm', { features: [{}] });
new ResourceGroup(stack, 'rg', { name: 'rg-clinicnet-hub', location: 'australiaeast' });
app.synth();
