// Shapes returned by the Django API. Most are named from src/openapi.ts, which openapi-typescript generates
// from the schema the backend serves (`make types`; `make lint` fails when it is out of date); the few kept by
// hand say more than the schema does: roles, memberships, pages, and Asset and Reservation, whose defaulted
// fields the schema marks optional.
import type { components } from "./openapi";

type Schemas = components["schemas"];

export type MemberRole = "booker" | "member_admin";
export type ClusterRole = "asset_manager" | "accountant" | "cluster_admin";
export type Role = MemberRole | ClusterRole;

export type Member = Schemas["MemberBrief"];

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
  /** The role asks for two-factor and the person has not set it up: only the Account page works until then. */
  mfa_required?: boolean;
}

export type Money = Schemas["Money"];

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export type AssetGroup = Schemas["AssetGroup"];

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
  /** Qualification ids the asset requires of its own. */
  required_qualifications?: number[];
  /** Qualification ids a booking requires: its own and its group's. */
  effective_qualifications?: number[];
  /** Bookers get a PIN by e-mail when check-in opens, to check in at the kiosk without signing in. */
  kiosk_pin?: boolean;
  /** Interchangeable units (desks, lockers) booked apart; 1: a single asset. */
  capacity?: number;
  /** Whether a booking books a technician too (bookings.operators); `staff`: this asset is a technician. */
  operator?: Schemas["OperatorEnum"];
  resource_type?: Schemas["ResourceTypeEnum"];
}

export type ReservationStatus =
  "pending" | "approved" | "rejected" | "cancelled" | "expired" | "completed" | "no_show" | "released";

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
  /** The bundle (several assets booked at once) this booking is part of. */
  bundle?: number | null;
  cost_centre?: { id: number; code: string; name: string } | null;
  busy?: false;
  /** The day of use: from when it may be checked in to (until its end), and when it was. */
  checkin_opens_at?: string;
  checked_in_at?: string | null;
  checked_out_at?: string | null;
  /** The price of the time actually used, once the use has ended. */
  used_price?: Money | null;
  /** The unit of a pooled asset the booking takes (always 1 on a single asset). */
  unit?: number;
  /** On a technician's booking: the booking it assists. */
  assists?: number | null;
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

/** GET /reservations/{id}/: the reservation with its audit trail and its consumables and add-ons. */
export interface ReservationDetail extends Reservation {
  events: ReservationEvent[];
  items?: ItemsPrice | null;
  /** The technician booked with it, on an asset with an operator. */
  operator_booking?: Schemas["OperatorBooking"] | null;
}

/** A consumable or add-on of an asset (GET /assets/{id}/items/). */
export type Item = Schemas["Item"];

/** A booking's items, priced: estimated and (after use) actual quantities. */
export type ItemsPrice = Schemas["ItemsPrice"];

/** Another member's booking on the shared calendar: only where and when. */
export type BusyBlock = Schemas["BusyBlock"];

export type BusyInterval = Schemas["BusyInterval"];

export type Availability = Schemas["Availability"];

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

export type Alternative = Schemas["Alternative"];

export interface Conflict {
  kind: string;
  start: string;
  end: string;
}

export type QuoteLine = Schemas["QuoteLine"];

export type Quote = Schemas["Quote"];

export type CancellationFee = Schemas["CancellationFee"];

/** GET /reservations/{id}/charge/: what the booking costs now (the frozen price, a fee, or nothing). */
export type Charge = Schemas["Charge"];

export type CalendarFeeds = Schemas["CalendarFeeds"];

export type ShareState = "proposed" | "accepted" | "declined";

export type CostShare = Schemas["CostShareList"];

/** A billing period; `last_day` is its last day (inclusive), `close_refusal` why a close would be refused now. */
export type BillingPeriod = Schemas["BillingPeriod"];

export type InvoicingState = "pending" | "invoiced" | "failed" | "not_sent";

export type Statement = Schemas["StatementList"];

/** GET /statements/{id}/: a statement with its lines, its member's tax id and the VAT breakdown per currency. */
export type StatementDetail = Schemas["Statement"];

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
