/** A typed publish/subscribe channel: the simulation emits, observers (metrics, reports) listen. */
export class Signal<T> {
  private listeners: ((value: T) => void)[] = [];

  /** Subscribe; returns a function that unsubscribes. */
  subscribe(listener: (value: T) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** True when at least one listener is subscribed (lets emitters skip building payloads). */
  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  /** Deliver a value to every listener, in subscription order. */
  emit(value: T): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) (listeners[i] as (value: T) => void)(value);
  }
}
