/** Every string in the three interface languages, in this order: 简体中文, 繁體中文, English. */
export type Table = Record<string, readonly [string, string, string]>;
