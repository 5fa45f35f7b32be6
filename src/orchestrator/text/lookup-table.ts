// Tables looked up by words from outside (program names, options, file extensions, subcommands) must not
// answer for names that every plain object inherits: `TABLE['constructor']` on an object literal is
// Object's constructor function, and code expecting an entry or undefined then crashes (a command named
// `constructor` crashed the command guard: red team of stop 37). A lookup table has no prototype.

/** A frozen copy of `entries` with no prototype: a name it does not hold reads as undefined. */
export function lookupTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
