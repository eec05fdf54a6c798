/**
 * A reusable iterator over one or two values, for expanding ops that give one or two
 * outputs per item (interpose, accumulate with an initial value). An op gets its next item
 * only once the chain has drained its previous iterator, so one instance per op is enough,
 * and no array or generator is made per item.
 */
export class FewIterator<T> implements Iterator<T> {
  #a: T | undefined;
  #b: T | undefined;
  #n = 0;
  #i = 0;

  /**
   * Sets the values to give: `set(a)` or `set(a, b)`. Returns this iterator.
   *
   * @example
   * ```ts
   * const few = new FewIterator<string>();
   * few.set('a', 'b');
   * few.next(); // { done: false, value: 'a' }
   * ```
   */
  set(...values: [T] | [T, T]): this {
    this.#n = values.length;
    this.#i = 0;
    this.#a = values[0];
    this.#b = values[1];
    return this;
  }

  next(): IteratorResult<T> {
    if (this.#i >= this.#n) {
      // Do not keep the last items alive.
      this.#a = this.#b = undefined;
      return { done: true, value: undefined };
    }
    const value = this.#i++ === 0 ? this.#a : this.#b;
    return { done: false, value: value as T };
  }
}
