import type { ClusterView } from "../model/cluster.js";
import type { LinkTable } from "../model/network/link-table.js";

/** Component classes that can fail. */
export type ComponentClass = "gpu" | "node" | "link" | "rack" | "region";

/** A failable component and what it takes down. */
export interface Component {
  /** Class. */
  kind: ComponentClass;
  /** Id as users write it (GPU index, node id, rack or region name, link name). */
  id: string;
  /** Nodes it takes down entirely (node, rack, region). */
  nodes: number[];
  /** GPUs it takes down (a GPU alone, or every GPU of its nodes). */
  gpus: number[];
  /** Links it degrades (link failures). */
  links: number[];
}

/** Looks up and enumerates failable components of a cluster (and its links, when a network exists). */
export class ComponentCatalog {
  constructor(
    private readonly cluster: ClusterView,
    private readonly links: LinkTable | undefined,
  ) {}

  private nodeComponent(kind: ComponentClass, id: string, nodes: number[]): Component {
    const gpus: number[] = [];
    for (const n of nodes) {
      const info = this.cluster.nodes[n];
      if (info !== undefined) for (let g = info.firstGpu; g < info.firstGpu + info.gpuCount; g++) gpus.push(g);
    }
    return { kind, id, nodes, gpus, links: [] };
  }

  /** Every component of a class (link: the links of `linkClass`). */
  all(kind: ComponentClass, linkClass?: string): Component[] {
    const nodes = this.cluster.nodes;
    switch (kind) {
      case "gpu":
        return Array.from({ length: this.cluster.totalGpus }, (_, g) => ({ kind, id: String(g), nodes: [], gpus: [g], links: [] }));
      case "node":
        return nodes.map((n) => this.nodeComponent(kind, n.id, [n.index]));
      case "rack":
      case "region": {
        const groups = new Map<string, number[]>();
        for (const n of nodes) {
          const key = kind === "rack" ? n.rack : n.region;
          groups.set(key, [...(groups.get(key) ?? []), n.index]);
        }
        return [...groups].map(([id, members]) => this.nodeComponent(kind, id, members));
      }
      case "link": {
        const out: Component[] = [];
        const table = this.links;
        if (table === undefined) return out;
        for (let l = 0; l < table.count; l++) if (table.classOf(l) === linkClass) out.push({ kind, id: table.nameOf(l), nodes: [], gpus: [], links: [l] });
        return out;
      }
    }
  }

  /** One component by class and id, or a description of the valid ids when there is none. */
  find(kind: ComponentClass, id: string): Component | string {
    if (kind === "link") {
      const table = this.links;
      if (table === undefined) return "link failures need a network model (a topology with model-driven jobs)";
      for (let l = 0; l < table.count; l++) if (table.nameOf(l) === id) return { kind, id, nodes: [], gpus: [], links: [l] };
      return `no link named ${JSON.stringify(id)} (names look like rack0/uplink/up or rack0-node0/nic0/tx)`;
    }
    const found = this.all(kind).find((c) => c.id === id);
    if (found !== undefined) return found;
    const examples = this.all(kind).slice(0, 4).map((c) => c.id).join(", ");
    return `no ${kind} ${JSON.stringify(id)} (for example: ${examples})`;
  }
}
