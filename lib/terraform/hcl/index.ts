// SPDX-License-Identifier: Apache-2.0
/**
 * Terraform root modules in HCL (`clinicnet check DIR`) as the reader's TfDocument: every
 * file and expression is parsed first (asynchronously, hcl2json loaded on first use), then
 * modules are instantiated and evaluated synchronously. Local module sources within the
 * repository that holds the root are read; any other source is one read problem per call.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareText } from '../../core/compare';
import type { ReadProblem } from '../context';
import type { TfDocument, TfResource } from '../document';
import type { ModuleConfig } from './config';
import { configurationFiles, loadModule } from './config';
import { toJson } from './emit';
import { ModuleInstance } from './instance';
import { TemplateTable } from './template';
import type { VariableSources } from './variables';
import { rootVariableValues } from './variables';

export type { VariableSources } from './variables';

/** A root module read from HCL: the document, what could not be read, and the files read. */
export interface HclRead {
  readonly document: TfDocument;
  readonly problems: ReadProblem[];
  readonly files: string[];
}

/** True when the directory is a Terraform root module (has `.tf` or `.tf.json` files). */
export function isTerraformDirectory(dir: string): boolean {
  return configurationFiles(dir).files.length > 0;
}

/** The repository holding `dir`: the nearest ancestor with `.git`, else `dir` itself. */
function repositoryOf(dir: string): string {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return dir;
  }
}

interface Loaded {
  readonly children: Map<string, ModuleConfig>;
  readonly unread: Map<string, string>;
  readonly configs: ModuleConfig[];
}

/** Why a module source is not read, or undefined when it is a local directory within the repository. */
function unreadableSource(source: unknown, target: string, repository: string): string | undefined {
  if (typeof source !== 'string') return 'module source is not a literal text; the module is not checked';
  if (!source.startsWith('./') && !source.startsWith('../'))
    return `module source "${source}" is a registry or remote source, which is not read before plan; its resources are not checked — fix: check a plan (\`terraform show -json\`) instead`;
  const inside = path.relative(repository, target);
  if (inside.startsWith('..') || path.isAbsolute(inside))
    return `module source "${source}" is outside the repository holding the root module; its resources are not checked — fix: check a plan (\`terraform show -json\`) instead`;
  if (!fs.existsSync(target) || !fs.statSync(target).isDirectory())
    return `module source "${source}" is not a directory; its resources are not checked`;
  return undefined;
}

/** Loads the root and every local module it reaches, and parses every template in them. */
async function loadAll(root: ModuleConfig, table: TemplateTable): Promise<Loaded> {
  const repository = repositoryOf(root.dir);
  const byDir = new Map<string, Promise<ModuleConfig>>([[root.dir, Promise.resolve(root)]]);
  const loaded: Loaded = { children: new Map(), unread: new Map(), configs: [] };
  const visit = async (config: ModuleConfig): Promise<void> => {
    loaded.configs.push(config);
    table.collect([...config.locals.values()]);
    table.collect([...config.outputs.values()]);
    const pending: Promise<void>[] = [];
    for (const block of config.blocks) {
      table.collect(block.body);
      if (block.mode !== 'module') continue;
      const key = `${config.dir}|${block.name}`;
      const target = typeof block.body.source === 'string' ? path.resolve(config.dir, block.body.source) : '';
      const why = unreadableSource(block.body.source, target, repository);
      if (why !== undefined) {
        loaded.unread.set(key, why);
        continue;
      }
      const known = byDir.get(target);
      const child = known ?? loadModule(target);
      if (known === undefined) {
        byDir.set(target, child);
        pending.push(child.then(visit));
      }
      pending.push(child.then((c) => void loaded.children.set(key, c)));
    }
    await Promise.all(pending);
  };
  await visit(root);
  return loaded;
}

/**
 * Reads a Terraform root module directory (or the given files only, such as one `cdk.tf`
 * from `cdktf synth --hcl`) with root variable values from its tfvars files and `sources`.
 */
export async function readHclModule(
  dir: string,
  sources: VariableSources = {},
  only?: readonly string[],
): Promise<HclRead> {
  const table = new TemplateTable();
  const root = await loadModule(
    path.resolve(dir),
    only?.map((f) => path.resolve(f)),
  );
  const { values, files: varFiles } = await rootVariableValues(root.dir, root.variables, sources);
  const loaded = await loadAll(root, table);
  await table.ready();
  const estate = {
    table,
    children: loaded.children,
    unreadSources: loaded.unread,
    resources: [] as TfResource[],
    problems: [] as ReadProblem[],
    moduleOutputs: new Map<string, string[]>(),
  };
  const instance = new ModuleInstance(estate, root, '', '.', (name) =>
    values.has(name) ? (values.get(name) as never) : undefined,
  );
  instance.instantiate();
  // Address order: the same document whatever the files' layout.
  estate.resources.sort((a, b) => compareText(a.address, b.address));
  for (const config of loaded.configs) {
    for (const message of config.problems)
      estate.problems.push({ site: '', address: config.dir, resourceType: 'module', message });
  }
  const outputs = new Map<string, unknown>();
  for (const name of root.outputs.keys()) {
    outputs.set(name, toJson(instance.evaluate(root.outputs.get(name), { instance, names: new Map() }), ''));
  }
  const variables = new Map(
    [...root.variables].map(([name, spec]) => [name, { sensitive: spec.sensitive, hasDefault: spec.hasDefault }]),
  );
  const document: TfDocument = {
    source: dir,
    resources: estate.resources,
    variables,
    outputs,
    moduleOutputs: estate.moduleOutputs,
  };
  const files = [...new Set([...loaded.configs.flatMap((c) => c.files), ...varFiles])];
  return { document, problems: estate.problems, files };
}
