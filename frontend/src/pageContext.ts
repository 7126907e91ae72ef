// What every page gets from the app when it is shown.

import type { Path } from "./router";
import type { Me } from "./types";

export interface PageContext {
  user: Me;
  query: URLSearchParams;
  navigate: (to: Path) => void;
  /** The id in the path (/reservations/{id}). */
  id?: number;
}
