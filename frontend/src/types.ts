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

export interface Money {
  amount: string;
  currency: string;
}

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface AssetGroup {
  id: number;
  name: string;
  description: string;
}

export interface OpeningHours {
  weekday: number; // 0 = Monday
  opens: string; // "08:00:00"
  closes: string; // "00:00:00" = midnight
}

export interface Asset {
  id: number;
  name: string;
  kind: string;
  description: string;
  location: string;
  timezone: string;
  group: number | null;
  is_active: boolean;
  min_duration: number; // minutes
  max_duration: number;
  slot_minutes: number;
  requires_approval: boolean;
  opening_hours: OpeningHours[];
}

export type ReservationStatus = "pending" | "approved" | "rejected" | "cancelled" | "expired" | "completed" | "no_show";

export interface Reservation {
  id: number;
  asset: number;
  asset_name: string;
  member: Member;
  booked_by: { id: number; username: string };
  start: string;
  end: string;
  status: ReservationStatus;
  title: string;
  notes: string;
  price: Money | null;
  created_at: string;
  series?: number | null;
  busy?: false;
}

/** Another member's booking on the shared calendar: only where and when. */
export interface BusyBlock {
  id: null;
  asset: number;
  start: string;
  end: string;
  busy: true;
}

export interface BusyInterval {
  kind: "reservation" | "blackout" | "closed";
  start: string;
  end: string;
}

export interface Availability {
  asset: number;
  timezone: string;
  busy: BusyInterval[];
  free: { start: string; end: string }[];
}

export interface Alternative {
  asset: number;
  asset_name: string;
  start: string;
  end: string;
  price: Money | null;
  requires_approval: boolean;
}

export interface Conflict {
  kind: string;
  start: string;
  end: string;
}

export interface QuoteLine {
  kind: string;
  description: string;
  quantity: string;
  unit_price: Money;
  amount: Money;
}

export interface Quote {
  currency: string;
  lines: QuoteLine[];
  net: Money;
  vat_rate: string;
  vat: Money;
  total: Money;
}

export interface CancellationFee {
  fee: Money | null;
  free_until: string | null;
  policy: string;
  /** Whether moving or shortening (giving up booked time) is refused now for the caller, and why. */
  late_change: { refused: boolean; detail: string };
}

export type ShareState = "proposed" | "accepted" | "declined";

export interface CostShare {
  id: number;
  reservation: { id: number; asset_name: string; start: string; end: string; title: string; member: Member };
  member: Member;
  weight: string;
  amount: Money;
  state: ShareState;
  /** What the payer last accepted (null if never); it is never billed more. */
  accepted_amount: Money | null;
}

export interface BillingPeriod {
  id: number;
  year: number;
  month: number;
  start: string;
  end: string;
  state: "open" | "closed";
  closed_at: string | null;
}

export interface Statement {
  id: number;
  number: string;
  member: Member;
  period: { id: number; year: number; month: number };
  totals: Money[];
  payment_status: string;
  issued_at: string | null;
}

export interface Occurrence {
  start: string;
  end: string;
  ok: boolean;
  problems: { code: string; detail: string }[];
  alternatives?: Alternative[];
  reservation: number | null;
  status: ReservationStatus | null;
  /** Each payer's share and consent, in the answer that created the series with a split. */
  shares?: PayerShare[];
}

/** A payer's part of one reservation and whether it consented. */
export interface PayerShare {
  member: { id: number; name: string };
  amount: Money;
  state: ShareState;
}
