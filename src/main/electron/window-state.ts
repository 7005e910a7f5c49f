/**
 * @file Where the window opens: the size and place it had when it was closed, if that is
 * still on a connected screen (a monitor may have been unplugged since), else the default.
 * Pure (no `electron` import) so it is unit tested.
 */

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

export const defaultSize = { width: 1280, height: 820 };
export const minimumSize = { width: 720, height: 480 };

/** How much of the window must stay on a screen to count as visible. */
const minVisible = 120;

/**
 * A saved window state, checked against the screens there are now; null to use the default.
 * Its shape was already checked when the `window.state` setting was read.
 */
export function restoreWindowState(
  saved: WindowState | undefined,
  workAreas: readonly Bounds[],
): WindowState | null {
  if (!saved) return null;
  const { bounds, maximized } = saved;
  const b = {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.max(minimumSize.width, Math.round(bounds.width)),
    height: Math.max(minimumSize.height, Math.round(bounds.height)),
  };
  const visible = workAreas.some(
    (a) =>
      Math.min(b.x + b.width, a.x + a.width) - Math.max(b.x, a.x) >= minVisible &&
      Math.min(b.y + b.height, a.y + a.height) - Math.max(b.y, a.y) >= minVisible,
  );
  if (!visible) return null;
  // Never larger than the screen it is on.
  const area = workAreas.find((a) => b.x < a.x + a.width && b.y < a.y + a.height) ?? workAreas[0];
  if (area) {
    b.width = Math.min(b.width, area.width);
    b.height = Math.min(b.height, area.height);
  }
  return { bounds: b, maximized };
}
