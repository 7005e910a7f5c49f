import { describe, expect, it } from 'vitest';
import { restoreWindowState } from './window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const external = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('restoreWindowState', () => {
  it('reopens where the window was, maximized or not', () => {
    const saved = { bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true };
    expect(restoreWindowState(saved, [laptop])).toEqual(saved);
  });

  it('falls back to the default when the screen it was on is gone', () => {
    const onExternal = { bounds: { x: 2000, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(restoreWindowState(onExternal, [laptop, external])).toEqual(onExternal);
    expect(restoreWindowState(onExternal, [laptop])).toBeNull();
  });

  it('shrinks a window larger than its screen and enforces the minimum size', () => {
    expect(
      restoreWindowState({ bounds: { x: 0, y: 0, width: 4000, height: 3000 }, maximized: false }, [
        laptop,
      ])?.bounds,
    ).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 900,
    });
    expect(
      restoreWindowState({ bounds: { x: 10, y: 10, width: 5, height: 5 }, maximized: false }, [
        laptop,
      ])?.bounds,
    ).toEqual({
      x: 10,
      y: 10,
      width: 720,
      height: 480,
    });
  });

  it('uses the default when nothing (or nothing readable) was saved', () => {
    // Damaged values read as undefined: the `window.state` schema is tested in settings.test.ts.
    expect(restoreWindowState(undefined, [laptop])).toBeNull();
  });
});
