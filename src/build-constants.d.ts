/** @file Constants injected at build time by esbuild/Vitest `define`. */
declare const __FOTOGLOT_VERSION__: string;
