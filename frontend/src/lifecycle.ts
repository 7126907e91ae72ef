// What a page leaves running (a calendar, charts, a draft provider) is stopped before the next page shows.

const cleanups: (() => void)[] = [];

/** Run `cleanup` when the app leaves the current page. */
export function onLeave(cleanup: () => void): void {
  cleanups.push(cleanup);
}

/** Called by the app before it shows another page. */
export function leavePage(): void {
  for (const cleanup of cleanups.splice(0)) {
    try {
      cleanup();
    } catch {
      // a failing cleanup must not keep the next page from showing
    }
  }
}
