/**
 * @file What the desktop preload adds to the page besides the contract
 * (`window.fotoglotHost`). `F` is the DOM's File (this folder is compiled without the DOM).
 */
export interface DesktopHost<F> {
  /** The path of a file or folder the user dropped on the window ('' when it has none). */
  pathForFile(file: F): string;
}
