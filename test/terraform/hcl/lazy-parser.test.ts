// SPDX-License-Identifier: Apache-2.0
// Alone in its file: it resets the module registry, which would give later tests other copies of the error classes.
import { join } from 'path';

describe('JSON-only runs do not load the HCL parser', () => {
  test('reading a cdk.tf.json never imports @cdktn/hcl2json', async () => {
    jest.resetModules();
    jest.doMock('@cdktn/hcl2json', () => {
      throw new Error('the HCL parser was loaded');
    });
    const { readTerraformInputAsync } = await import('../../../lib/terraform');
    const read = await readTerraformInputAsync(
      join(__dirname, '..', '..', 'fixtures', 'tf', 'partly-unreadable.cdk.tf.json'),
    );
    expect(read.kind).toBe('cdktf-stack');
    jest.dontMock('@cdktn/hcl2json');
  });
});
