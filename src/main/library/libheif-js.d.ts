/** @file The part of libheif-js (which ships no types) that decode-image.ts uses. */
declare module 'libheif-js/wasm-bundle.js' {
  interface HeifImage {
    get_width(): number;
    get_height(): number;
    display(
      target: { data: Uint8ClampedArray; width: number; height: number },
      done: (result: unknown) => void,
    ): void;
    free(): void;
  }
  const libheif: {
    HeifDecoder: new () => { decode(data: Uint8Array): HeifImage[] };
  };
  export default libheif;
}
