// The catalogue (asset groups, assets, members) changes rarely: load it once per session.

import { apiGet } from "./api";
import type { Asset, AssetGroup, Member, Paginated } from "./types";

/** Accept both a bare list and a paginated page, and follow `next` links. */
export async function getAll<T>(path: string): Promise<T[]> {
  const first = await apiGet<T[] | Paginated<T>>(path);
  if (Array.isArray(first)) return first;
  const rows = [...first.results];
  let next = first.next;
  while (next) {
    const url = new URL(next, location.origin);
    const page = await apiGet<Paginated<T>>(url.pathname.replace(/^\/api\/v1/, "") + url.search);
    rows.push(...page.results);
    next = page.next;
  }
  return rows;
}

export interface Catalog {
  groups: AssetGroup[];
  assets: Asset[];
  members: Member[];
  asset(id: number): Asset | undefined;
  zoneOf(id: number): string;
}

let cached: Promise<Catalog> | null = null;

export function loadCatalog(): Promise<Catalog> {
  cached ??= Promise.all([getAll<AssetGroup>("/asset-groups/"), getAll<Asset>("/assets/"), getAll<Member>("/members/")])
    .then(([groups, assets, members]) => {
      const byId = new Map(assets.map((a) => [a.id, a]));
      return {
        groups,
        assets: assets.filter((a) => a.is_active !== false),
        members,
        asset: (id: number) => byId.get(id),
        zoneOf: (id: number) => byId.get(id)?.timezone ?? "UTC",
      };
    })
    .catch((error) => {
      cached = null;
      throw error;
    });
  return cached;
}

export function forgetCatalog(): void {
  cached = null;
}
