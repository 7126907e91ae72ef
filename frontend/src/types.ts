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
  setup_buffer?: number; // minutes
  cleanup_buffer?: number;
  min_notice?: number;
  /** Members approved at once on this asset. */
  auto_approved_members?: number[];
  /** Minutes before the start until which cancelling is free. */
  free_cancellation?: number;
  late_cancellation_fee_percent?: number;
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
  blocked_start?: string;
  blocked_end?: string;
  status: ReservationStatus;
  title: string;
  notes: string;
  price: Money | null;
  created_at: string;
  series?: number | null;
  busy?: false;
}

export interface ReservationEvent {
  at: string;
  by: string | null;
  action: string;
  from_status: string;
  to_status: string;
  reason: string;
  changes: Record<string, [unknown, unknown]>;
}

/** GET /reservations/{id}/: the reservation with its audit trail. */
export interface ReservationDetail extends Reservation {
  events: ReservationEvent[];
}

/** Another member's booking on the shared calendar: only where and when. */
export interface BusyBlock {
  id: null;
  asset: number;
  start: string;
  end: string;
  blocked_start?: string;
  blocked_end?: string;
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

/** GET /availability/?group=&intervals=true: one row per asset. */
export interface GroupAvailability {
  asset: number;
  name: string;
  open: boolean;
  free: boolean;
  requires_approval: boolean;
  timezone: string;
  busy: BusyInterval[];
  free_intervals: { start: string; end: string }[];
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

/** GET /reservations/{id}/charge/: what the booking costs now (the frozen price, a fee, or nothing). */
export interface Charge {
  kind: "booked" | "completed" | "cancellation_fee" | "no_show" | "none";
  total: Money | null;
  net: Money | null;
  vat: Money | null;
  due_at: string | null;
  billed: boolean;
}

export interface CalendarFeeds {
  token: string;
  asset_feed_url_template: string;
  member_feed_urls: Record<string, string>;
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
  state: "open" | "closing" | "closed";
  /** While closing: statements made of those to make (null until the worker has listed the payers). */
  statements_made: number;
  statements_to_make: number | null;
  closed_at: string | null;
}

export type InvoicingState = "pending" | "invoiced" | "failed" | "not_sent";

export interface Statement {
  id: number;
  number: string;
  member: Member;
  period: { id: number; year: number; month: number };
  totals: Money[];
  line_count: number;
  /** The Stripe invoice's way: `error` is the last failure, for accountants and cluster admins only. */
  invoicing: { state: InvoicingState; error: string | null };
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
