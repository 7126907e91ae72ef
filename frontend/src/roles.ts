import { t, type MessageKey } from "./i18n";
import type { Me, Reservation, Role } from "./types";

/** Display order: widest responsibility first. */
export const ROLE_ORDER: readonly Role[] = ["cluster_admin", "asset_manager", "accountant", "member_admin", "booker"];

export function isKnownRole(role: string): role is Role {
  return (ROLE_ORDER as readonly string[]).includes(role);
}

/** Translated label; unknown roles from a newer backend are shown humanized. */
export function roleLabel(role: string): string {
  if (isKnownRole(role)) return t(`role.${role}` as MessageKey);
  const text = role.replace(/_/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** All of the user's roles (memberships + cluster), de-duplicated and ordered. */
export function userRoles(user: Pick<Me, "memberships" | "cluster_roles">): string[] {
  const roles = new Set<string>([...user.cluster_roles, ...user.memberships.map((m) => m.role)]);
  const rank = (role: string) => {
    const i = (ROLE_ORDER as readonly string[]).indexOf(role);
    return i === -1 ? ROLE_ORDER.length : i;
  };
  return [...roles].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function userRoleLabels(user: Pick<Me, "memberships" | "cluster_roles">): string {
  const roles = userRoles(user);
  return roles.length ? roles.map(roleLabel).join(", ") : t("role.none");
}

export function displayName(user: Pick<Me, "first_name" | "last_name" | "username">): string {
  const full = `${user.first_name ?? ""} ${user.last_name ?? ""}`.replace(/\s+/g, " ").trim();
  return full || user.username;
}

export function primaryMemberName(user: Pick<Me, "memberships">): string {
  return user.memberships[0]?.member.name || t("header.noMember");
}

/** Up to two initials for the avatar. */
export function initials(user: Pick<Me, "first_name" | "last_name" | "username">): string {
  const first = (user.first_name ?? "").trim();
  const last = (user.last_name ?? "").trim();
  const letters = first && last ? first[0] + last[0] : displayName(user).slice(0, 2);
  return letters.toUpperCase();
}

export function isAssetManager(user: Pick<Me, "cluster_roles">): boolean {
  return user.cluster_roles.includes("asset_manager") || user.cluster_roles.includes("cluster_admin");
}

export function isClusterAdmin(user: Pick<Me, "cluster_roles">): boolean {
  return user.cluster_roles.includes("cluster_admin");
}

export function isAccountant(user: Pick<Me, "cluster_roles">): boolean {
  return user.cluster_roles.includes("accountant") || user.cluster_roles.includes("cluster_admin");
}

/** Members whose cost-share proposals this user may accept or decline. */
export function adminOf(user: Pick<Me, "memberships">): number[] {
  return user.memberships.filter((m) => m.role === "member_admin").map((m) => m.member.id);
}

export function canBook(user: Pick<Me, "memberships">): boolean {
  return user.memberships.length > 0;
}

/** The reservation belongs to one of the user's companies. */
export function isOwnReservation(user: Pick<Me, "memberships">, reservation: Pick<Reservation, "member">): boolean {
  return user.memberships.some((m) => m.member.id === reservation.member.id);
}

/**
 * Who may move, edit or cancel a reservation, as the API decides it: its booker, a member admin of its
 * company, the asset's managers and cluster admins (a manager of other assets gets a 403 from the server).
 */
export function canChangeReservation(
  user: Pick<Me, "id" | "memberships" | "cluster_roles">,
  reservation: Pick<Reservation, "member" | "booked_by">,
): boolean {
  return reservation.booked_by?.id === user.id || adminOf(user).includes(reservation.member.id) || isAssetManager(user);
}
