/** Events produced at the page's pace and collected at Node's: `take()` waits for at least one. */
export class EventQueue<T> {
  private items: T[] = [];
  private waiter: (() => void) | null = null;

  push(item: T): void {
    this.items.push(item);
    this.waiter?.();
    this.waiter = null;
  }

  async take(): Promise<T[]> {
    while (this.items.length === 0) await new Promise<void>((wake) => (this.waiter = wake));
    const taken = this.items;
    this.items = [];
    return taken;
  }
}
