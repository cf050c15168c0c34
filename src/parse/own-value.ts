/**
 * `table[key]` when `key` is one of the table's own keys. Keys read from input ("constructor",
 * "toString" in a profile, an entity name in an event) must not reach Object.prototype, whose
 * functions would be taken for a table entry.
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
