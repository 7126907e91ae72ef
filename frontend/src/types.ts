// Shapes returned by the Django API (see GET /api/v1/me/).

export type MemberRole = "booker" | "member_admin";
export type ClusterRole = "asset_manager" | "accountant" | "cluster_admin";
export type Role = MemberRole | ClusterRole;

export interface Member {
  id: number;
  name: string;
}

export interface Membership {
  member: Member;
  role: MemberRole | string;
}

export interface Me {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  language: string;
  memberships: Membership[];
  cluster_roles: (ClusterRole | string)[];
}
