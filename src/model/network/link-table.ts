/**
 * The links of a network: one-directional pipes with a capacity and a propagation latency.
 *
 * Every physical full-duplex connection is two links, one per direction. Links live in parallel
 * typed arrays indexed by a dense link id, so the flow solver works on numbers, not objects.
 */

/** What kind of hardware a link stands for; statistics are reported per class. */
export type LinkClass = "nvlink" | "pcie" | "nic" | "leaf-uplink" | "spine" | "wan";

/** Every link class, in reporting order. */
export const linkClasses: readonly LinkClass[] = ["nvlink", "pcie", "nic", "leaf-uplink", "spine", "wan"];

/** A read-only description of one link. */
export interface LinkInfo {
  /** Dense id (index into the table). */
  id: number;
  /** Human-readable name, e.g. `rack0-node3/nic2/tx`. */
  name: string;
  /** Hardware class. */
  linkClass: LinkClass;
  /** Capacity in bytes/s in this direction. */
  bytesPerS: number;
  /** One-way propagation latency in seconds (added once per flow that crosses it). */
  latencyS: number;
}

/** A growable table of links. */
export class LinkTable {
  private names: string[] = [];
  private classes: LinkClass[] = [];
  private capacity = new Float64Array(64);
  private nominal = new Float64Array(64);
  private latency = new Float64Array(64);
  private size = 0;

  /** Number of links. */
  get count(): number {
    return this.size;
  }

  /** Capacities in bytes/s indexed by link id (a view; valid until the next `add`). */
  get capacityBytesPerS(): Float64Array {
    return this.capacity.subarray(0, this.size);
  }

  /**
   * Capacities as built, before any failure degraded them, indexed by link id (a view; valid until
   * the next `add`). Protocol rate caps derive from these so a flow started on a failed link still
   * gets its healthy ceiling and resumes at full speed after the repair.
   */
  get nominalCapacityBytesPerS(): Float64Array {
    return this.nominal.subarray(0, this.size);
  }

  /** Latencies in seconds indexed by link id (a view; valid until the next `add`). */
  get latencyS(): Float64Array {
    return this.latency.subarray(0, this.size);
  }

  /** Append a link; returns its id. Capacity must be >= 0 (Infinity allowed), latency >= 0. */
  add(name: string, linkClass: LinkClass, bytesPerS: number, latencyS = 0): number {
    if (!(bytesPerS >= 0)) throw new RangeError(`link ${name}: capacity must be >= 0 bytes/s, got ${bytesPerS}`);
    if (!(latencyS >= 0)) throw new RangeError(`link ${name}: latency must be >= 0 s, got ${latencyS}`);
    if (this.size === this.capacity.length) {
      const cap = new Float64Array(this.size * 2);
      cap.set(this.capacity);
      this.capacity = cap;
      const nom = new Float64Array(this.size * 2);
      nom.set(this.nominal);
      this.nominal = nom;
      const lat = new Float64Array(this.size * 2);
      lat.set(this.latency);
      this.latency = lat;
    }
    const id = this.size++;
    this.names.push(name);
    this.classes.push(linkClass);
    this.capacity[id] = bytesPerS;
    this.nominal[id] = bytesPerS;
    this.latency[id] = latencyS;
    return id;
  }

  /** Change a link's current capacity (e.g. a failure sets it to 0; the nominal one stays). Callers owning flows must re-solve. */
  setCapacity(id: number, bytesPerS: number): void {
    this.check(id);
    if (!(bytesPerS >= 0)) throw new RangeError(`link ${this.names[id]}: capacity must be >= 0, got ${bytesPerS}`);
    this.capacity[id] = bytesPerS;
  }

  /** Class of a link. */
  classOf(id: number): LinkClass {
    this.check(id);
    return this.classes[id] as LinkClass;
  }

  /** Name of a link. */
  nameOf(id: number): string {
    this.check(id);
    return this.names[id] as string;
  }

  /** Full description of a link. */
  info(id: number): LinkInfo {
    this.check(id);
    return {
      id,
      name: this.names[id] as string,
      linkClass: this.classes[id] as LinkClass,
      bytesPerS: this.capacity[id] as number,
      latencyS: this.latency[id] as number,
    };
  }

  private check(id: number): void {
    if (!(id >= 0 && id < this.size && Number.isInteger(id))) throw new RangeError(`no link with id ${id}`);
  }
}
