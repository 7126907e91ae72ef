import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../src/i18n";
import { displayName, initials, primaryMemberName, roleLabel, userRoleLabels, userRoles } from "../src/roles";
import type { Me } from "../src/types";

const ana: Me = {
  id: 1,
  username: "ana",
  first_name: "Ana",
  last_name: "García",
  email: "ana@example.org",
  language: "es",
  memberships: [
    { member: { id: 3, name: "Norte Films" }, role: "booker" },
    { member: { id: 4, name: "Bodegas Sur" }, role: "member_admin" },
  ],
  cluster_roles: ["accountant"],
};

afterEach(() => setLanguage("en", { persist: false }));

describe("roleLabel", () => {
  it("translates every role in English", () => {
    expect(roleLabel("booker")).toBe("Booker");
    expect(roleLabel("member_admin")).toBe("Member admin");
    expect(roleLabel("asset_manager")).toBe("Asset manager");
    expect(roleLabel("accountant")).toBe("Accountant");
    expect(roleLabel("cluster_admin")).toBe("Cluster admin");
  });

  it("translates every role in Spanish", () => {
    setLanguage("es", { persist: false });
    expect(roleLabel("booker")).toBe("Responsable de reservas");
    expect(roleLabel("member_admin")).toBe("Administrador de empresa");
    expect(roleLabel("asset_manager")).toBe("Gestor de recursos");
    expect(roleLabel("accountant")).toBe("Contable");
    expect(roleLabel("cluster_admin")).toBe("Administrador del clúster");
  });

  it("humanizes roles it does not know", () => {
    expect(roleLabel("space_planner")).toBe("Space planner");
  });
});

describe("user helpers", () => {
  it("combines membership and cluster roles, de-duplicated, widest first", () => {
    const user = {
      ...ana,
      cluster_roles: ["cluster_admin", "accountant"],
      memberships: [...ana.memberships, ana.memberships[0]],
    };
    expect(userRoles(user)).toEqual(["cluster_admin", "accountant", "member_admin", "booker"]);
    expect(userRoleLabels(ana)).toBe("Accountant, Member admin, Booker");
  });

  it("shows a placeholder when the user has no role", () => {
    expect(userRoleLabels({ memberships: [], cluster_roles: [] })).toBe("No role assigned");
  });

  it("uses the full name, or the username when there is none", () => {
    expect(displayName(ana)).toBe("Ana García");
    expect(displayName({ ...ana, first_name: "", last_name: " " })).toBe("ana");
    expect(initials(ana)).toBe("AG");
    expect(initials({ ...ana, last_name: "García Ortega" })).toBe("AG");
    expect(initials({ ...ana, last_name: "" })).toBe("AN");
    expect(initials({ ...ana, first_name: "", last_name: "" })).toBe("AN");
  });

  it("uses the first membership as the member company, or an em dash", () => {
    expect(primaryMemberName(ana)).toBe("Norte Films");
    expect(primaryMemberName({ memberships: [] })).toBe("—");
  });
});
