import BTreeModule from "sorted-btree";

/**
 * The B+ tree class of sorted-btree. The package is CommonJS with `exports.default = BTree`: Node's
 * ESM loader gives the whole `module.exports` as the default import, some bundlers (vitest's) the
 * class itself, so take whichever this loader gave.
 */
const loaded = BTreeModule as unknown as { default?: typeof BTreeModule.default } & typeof BTreeModule.default;
export const BTree: typeof BTreeModule.default = loaded.default ?? loaded;

/** A B+ tree used as an ordered set of keys. */
export type OrderedSet<K> = InstanceType<typeof BTreeModule.default<K, undefined>>;
