// SPDX-License-Identifier: Apache-2.0
/**
 * A site's network as a picture: subnets, firewall, NAT gateways, VPN links, public entry
 * points and vendor hosts, with paths marked added or blocked. Rendered as a Mermaid flowchart
 * (GitHub and GitLab draw it in comments) or Graphviz DOT. Node ids are generated (`n1`, `n2`,
 * …), never taken from input; every label goes through its escaper; the size is bounded.
 */
import { mermaidLabel, showInvisible } from '../core/escape';
import type { Site } from '../model/types';
import { isUnknown } from '../model/types';

/** A path to draw from a subnet (or the internet) to a host or address. */
export interface GraphPath {
  /** Subnet name, or `internet`. */
  readonly from: string;
  readonly to: string;
  readonly state: 'added' | 'blocked' | 'reachable';
  /** Port words on the edge (`TCP 3000-3010`). */
  readonly label: string;
}

/** Options for {@link siteGraph}. */
export interface GraphOptions {
  /** Paths to draw, marked by state. @default none */
  readonly paths?: readonly GraphPath[];
  /** Most nodes drawn; the rest are summarised in one node. @default 40 */
  readonly maxNodes?: number;
}

type NodeKind = 'subnet' | 'firewall' | 'nat' | 'vpn' | 'internet' | 'host' | 'entry' | 'more';

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly style: 'plain' | 'dashed' | 'added' | 'blocked';
}

export interface Graph {
  readonly title: string;
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

class Builder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  private readonly byKey = new Map<string, string>();
  constructor(private readonly max: number) {}
  /** The node's id, adding it when there is room; undefined when the graph is full. */
  node(key: string, label: string, kind: NodeKind): string | undefined {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    if (this.nodes.length >= this.max) return undefined;
    const id = `n${this.nodes.length + 1}`;
    this.byKey.set(key, id);
    this.nodes.push({ id, label, kind });
    return id;
  }
  edge(from: string | undefined, to: string | undefined, label: string, style: GraphEdge['style']): void {
    if (from !== undefined && to !== undefined) this.edges.push({ from, to, label, style });
  }
}

/** The picture of one site (from its data plane; without one, from the site model's VPN links only). */
export function siteGraph(site: Site, options: GraphOptions = {}): Graph {
  const max = Math.max(options.maxNodes ?? 40, 4);
  const b = new Builder(max - 1);
  const plane = site.dataplane;
  const internet = b.node('internet', 'Internet', 'internet');
  const firewalls = (plane?.firewalls ?? []).map((f) => b.node(`fw ${f.address}`, `firewall ${f.name}`, 'firewall'));
  for (const fw of firewalls) b.edge(fw, internet, 'SNAT', 'plain');
  let left = 0;
  for (const subnet of plane?.subnets ?? []) {
    if (subnet.role !== 'workload') continue;
    const prefixes = subnet.prefixes.filter((p): p is string => !isUnknown(p)).join(', ');
    const id = b.node(`subnet ${subnet.name}`, `${subnet.name} ${prefixes}`.trim(), 'subnet');
    if (id === undefined) {
      left += 1;
      continue;
    }
    const table = plane?.routeTables.find((t) => t.address === subnet.routeTable);
    const hop = table?.routes.find((r) => r.prefix === '0.0.0.0/0')?.nextHopType;
    if (hop === 'VirtualAppliance') for (const fw of firewalls) b.edge(id, fw, '0.0.0.0/0', 'plain');
    else if (hop === 'Internet') b.edge(id, internet, '0.0.0.0/0 direct', 'dashed');
    if (subnet.natGateway !== undefined && !isUnknown(subnet.natGateway)) {
      const nat = b.node(`nat ${subnet.natGateway}`, 'NAT gateway', 'nat');
      b.edge(id, nat, '', 'plain');
      b.edge(nat, internet, '', 'plain');
    }
    for (const nic of plane?.nics ?? [])
      if (nic.subnet === subnet.address && nic.publicIps.length > 0) {
        const pip = plane?.publicIps.find((p) => nic.publicIps.includes(p.address));
        const entry = b.node(`entry ${nic.address}`, `public IP ${pip?.name ?? '?'} on ${nic.name}`, 'entry');
        b.edge(internet, entry, '', 'dashed');
        b.edge(entry, id, '', 'dashed');
      }
  }
  for (const link of site.vpnLinks) {
    const id = b.node(`vpn ${link.address}`, `VPN ${link.name}`, 'vpn');
    const prefixes = link.remote.prefixes.filter((p): p is string => !isUnknown(p)).join(', ');
    const remote = b.node(`remote ${link.address}`, `${link.remote.name} ${prefixes}`.trim(), 'host');
    if (id === undefined || remote === undefined) left += 1;
    // The firewall filters what the site sends into the tunnel (clinicnet's routing); the tunnel carries it on.
    for (const fw of firewalls) b.edge(fw, id, 'VPN prefixes', 'dashed');
    b.edge(id, remote, 'IPsec', 'plain');
  }
  for (const p of options.paths ?? []) {
    const from = p.from === 'internet' ? internet : b.node(`subnet ${p.from}`, p.from, 'subnet');
    const to = b.node(`host ${p.to}`, p.to, 'host');
    if (from === undefined || to === undefined) left += 1;
    b.edge(
      from,
      to,
      `${p.state === 'blocked' ? 'BLOCKED ' : p.state === 'added' ? 'NEW ' : ''}${p.label}`,
      edgeStyle(p),
    );
  }
  if (left > 0) b.nodes.push({ id: `n${b.nodes.length + 1}`, label: `… ${left} more not drawn`, kind: 'more' });
  return { title: site.name, nodes: b.nodes, edges: b.edges };
}

const edgeStyle = (p: GraphPath): GraphEdge['style'] =>
  p.state === 'added' ? 'added' : p.state === 'blocked' ? 'blocked' : 'plain';

const SHAPE: Record<NodeKind, [string, string]> = {
  subnet: ['[', ']'],
  firewall: ['{{', '}}'],
  nat: ['[/', '/]'],
  vpn: ['([', '])'],
  internet: ['((', '))'],
  host: ['>', ']'],
  entry: ['[\\', '\\]'],
  more: ['[', ']'],
};

const ARROW: Record<GraphEdge['style'], string> = { plain: '-->', dashed: '-.->', added: '==>', blocked: '--x' };

/** The graph as a Mermaid flowchart (no fence). */
export function renderMermaid(graph: Graph): string {
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) lines.push(`  ${n.id}${SHAPE[n.kind][0]}${mermaidLabel(n.label)}${SHAPE[n.kind][1]}`);
  for (const e of graph.edges)
    lines.push(`  ${e.from} ${ARROW[e.style]}${e.label === '' ? '' : `|${mermaidLabel(e.label)}|`} ${e.to}`);
  const added = graph.edges.flatMap((e, i) => (e.style === 'added' ? [i] : []));
  const blocked = graph.edges.flatMap((e, i) => (e.style === 'blocked' ? [i] : []));
  if (added.length > 0) lines.push(`  linkStyle ${added.join(',')} stroke:#d97706,stroke-width:3px`);
  if (blocked.length > 0) lines.push(`  linkStyle ${blocked.join(',')} stroke:#dc2626,stroke-width:2px`);
  return lines.join('\n') + '\n';
}

/** A DOT string literal: backslashes and quotes escaped, invisible characters shown, no line breaks. */
function dotLabel(value: string): string {
  return `"${showInvisible(value).replace(/\s/g, ' ').replace(/"/g, '\\"')}"`;
}

const DOT_SHAPE: Record<NodeKind, string> = {
  subnet: 'box',
  firewall: 'hexagon',
  nat: 'parallelogram',
  vpn: 'cds',
  internet: 'ellipse',
  host: 'note',
  entry: 'trapezium',
  more: 'plaintext',
};
const DOT_EDGE: Record<GraphEdge['style'], string> = {
  plain: '',
  dashed: ', style=dashed',
  added: ', color="#d97706", penwidth=3',
  blocked: ', color="#dc2626", arrowhead=tee',
};

/** The graph as Graphviz DOT. */
export function renderDot(graph: Graph): string {
  const lines = [`digraph ${dotLabel(graph.title)} {`, '  rankdir=LR;'];
  for (const n of graph.nodes) lines.push(`  ${n.id} [label=${dotLabel(n.label)}, shape=${DOT_SHAPE[n.kind]}];`);
  for (const e of graph.edges) lines.push(`  ${e.from} -> ${e.to} [label=${dotLabel(e.label)}${DOT_EDGE[e.style]}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
