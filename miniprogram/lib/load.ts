/**
 * What a page knows about something it loads (components/list-state shows it). "error" means the
 * answer never came or was refused: it is never shown as "empty".
 */
export type LoadState = "loading" | "error" | "empty" | "ready";

export function listState(items: readonly unknown[]): LoadState {
  return items.length ? "ready" : "empty";
}
