import type { InferenceRequest } from "./request.js";

/** A FIFO of requests with push-front (for preempted requests), over a growable ring buffer. */
export class RequestDeque {
  private items: (InferenceRequest | undefined)[] = new Array(16);
  private head = 0;
  private count = 0;

  /** Number of requests held. */
  get length(): number {
    return this.count;
  }

  /** The first request, or undefined when empty. */
  peek(): InferenceRequest | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** Append at the back. */
  push(r: InferenceRequest): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = r;
    this.count++;
  }

  /** Insert at the front. */
  unshift(r: InferenceRequest): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1 + this.items.length) % this.items.length;
    this.items[this.head] = r;
    this.count++;
  }

  /** Remove and return the first request. */
  shift(): InferenceRequest | undefined {
    if (this.count === 0) return undefined;
    const r = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return r;
  }

  /** Remove every request, in order. */
  drain(): InferenceRequest[] {
    const out: InferenceRequest[] = [];
    for (let r = this.shift(); r !== undefined; r = this.shift()) out.push(r);
    return out;
  }

  private grow(): void {
    const next: (InferenceRequest | undefined)[] = new Array(this.items.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
