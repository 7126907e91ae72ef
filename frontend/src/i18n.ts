// UI strings for Sinergia. English is the reference dictionary: every key
// must exist in `en`; other languages must have exactly the same keys
// (enforced by the type below and by tests). Missing keys fall back to English.

import type * as manageMessages from "./messages/manage";
import type * as companyMessages from "./messages/company";
import type * as clusterMessages from "./messages/cluster";
import type * as accountingMessages from "./messages/accounting";
import type * as closuresMessages from "./messages/closures";
import type * as accountMessages from "./messages/account";
import type * as tokensMessages from "./messages/tokens";
import type * as invitationsMessages from "./messages/invitations";
import type * as qualificationsMessages from "./messages/qualifications";
import type * as operatorsMessages from "./messages/operators";
import type * as dayuseMessages from "./messages/dayuse";
import type * as incidentsMessages from "./messages/incidents";
import type * as ratingsMessages from "./messages/ratings";
import type * as waitlistMessages from "./messages/waitlist";
import type * as unitsMessages from "./messages/units";
import type * as itemsMessages from "./messages/items";
import type * as bundlesMessages from "./messages/bundles";

const en = {
  "app.name": "Sinergia",
  "app.tagline": "Shared assets for the cluster",
  "app.loading": "Loading…",
  "app.loadErrorTitle": "We couldn't load Sinergia",
  "app.retry": "Try again",

  "language.label": "Language",
  "language.en": "English",
  "language.es": "Español",

  "login.docTitle": "Sign in · Sinergia",
  "login.title": "Sign in",
  "login.subtitle": "Book sound stages, cellars and the other shared assets of the cluster.",
  "login.username": "Username or e-mail",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.submitting": "Signing in…",
  "login.usernameRequired": "Enter your username or e-mail address.",
  "login.passwordRequired": "Enter your password.",
  "login.help": "Trouble signing in? Contact your cluster administrator.",
  "login.or": "or",
  "login.ssoWith": "Sign in with {name}",
  "sso.error.email_unverified":
    "Your sign-in provider did not confirm your e-mail address, so Sinergia cannot tell who you are. Ask your provider's administrator, or sign in with your password.",
  "sso.error.unknown_domain":
    "No company in Sinergia has invited you or registered your e-mail domain. Ask your company for an invitation.",
  "sso.error.provider_unavailable": "Your sign-in provider cannot be reached right now. Try again in a few minutes.",
  "sso.error.cancelled": "Sign-in was cancelled at your provider.",
  "sso.error.invitation_expired":
    "Your invitation to Sinergia has expired. Ask the person who invited you to send a new one.",
  "sso.error.unknown": "Single sign-on did not work. Try again, or sign in with your password.",
  "pending.docTitle": "Waiting for approval · Sinergia",
  "pending.title": "Waiting for approval",
  "pending.waiting":
    "You asked to join {member}. Its member admins have been asked to approve you; you will get an e-mail when they do.",
  "pending.refused":
    "{member} did not approve your request to join. Ask the company for an invitation if this is a mistake.",
  "pending.none": "Your account does not belong to any company yet. Ask your company for an invitation.",
  "pending.noAccessTitle": "No access yet",
  "pending.check": "Check again",
  "pending.signOut": "Sign out",
  "login.forgot": "Forgot your password?",
  "account.menuItem": "Account",
  "login.code": "Code",
  "login.codeIntro": "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
  "login.codeRequired": "Enter the code.",
  "login.codeSubmit": "Verify",

  "header.user": "Signed in as",
  "header.member": "Company",
  "header.roles": "Role",
  "header.logout": "Log out",
  "header.loggingOut": "Logging out…",
  "header.noMember": "—",

  "role.booker": "Booker",
  "role.member_admin": "Member admin",
  "role.asset_manager": "Asset manager",
  "role.accountant": "Accountant",
  "role.cluster_admin": "Cluster admin",
  "role.none": "No role assigned",

  "nav.label": "Sections",
  "nav.calendar": "Calendar",
  "nav.book": "Book",
  "nav.reservations": "My reservations",
  "nav.inbox": "Approvals",
  "nav.consent": "Cost shares",
  "nav.accounting": "Accounting",

  "status.pending": "Pending",
  "status.approved": "Approved",
  "status.rejected": "Rejected",
  "status.cancelled": "Cancelled",
  "status.expired": "Expired",
  "status.completed": "Completed",
  "status.no_show": "No-show",
  "status.released": "Released",
  "status.proposed": "Awaiting consent",
  "status.accepted": "Accepted",
  "status.declined": "Declined",
  "status.open": "Open",
  "status.closing": "Closing",
  "status.closed": "Closed",
  "status.paid": "Paid",
  "status.unpaid": "Unpaid",

  "duration.minutes": "{count} min",
  "duration.hours": "{count} h",
  "duration.hoursMinutes": "{hours} h {minutes} min",
  "duration.days": "{count} days",

  "calendar.docTitle": "Calendar · Sinergia",
  "calendar.title": "Calendar",
  "calendar.subtitle": "Click or drag over a free slot to book it.",
  "calendar.newBooking": "New booking",
  "calendar.group": "Assets",
  "calendar.zone": "Times in {zone} time",
  "calendar.today": "Today",
  "calendar.day": "Day",
  "calendar.week": "Week",
  "calendar.month": "Month",
  "calendar.busy": "Busy",
  "calendar.closed": "Closed",
  "calendar.blackout": "Maintenance",
  "calendar.legendOwn": "Your company",
  "calendar.legendPending": "Awaiting approval",
  "calendar.legendBusy": "Another company (busy: pending or approved)",
  "calendar.legendClosed": "Closed",
  "calendar.noAssets": "There are no assets in this group yet.",

  "book.docTitle": "Book · Sinergia",
  "book.title": "Book an asset",
  "book.subtitle": "Pick the asset and the time; you'll see the price before you confirm.",
  "book.asset": "Asset",
  "book.member": "Book for",
  "book.date": "Date",
  "book.start": "From",
  "book.end": "Until",
  "book.midnight": "24:00",
  "book.pickDate": "Pick a date first",
  "book.closedThatDay": "Closed that day",
  "book.titleLabel": "What is it for?",
  "book.titlePlaceholder": "e.g. Commercial shoot",
  "book.notes": "Notes for the asset manager (optional)",
  "book.needsApproval": "Needs approval",
  "book.instant": "Instant booking",
  "book.zoneNote": "times in {zone} time",
  "book.durationNote": "from {min} to {max}",
  "book.repeat": "Repeat",
  "book.repeatNone": "Does not repeat",
  "book.repeatWeekly": "Every week",
  "book.repeatMonthly": "Every month",
  "book.endsAfter": "Ends after",
  "book.endsOn": "Ends on",
  "book.times": "times",
  "book.skipConflicts": "Skip dates that are taken and book the rest",
  "book.split": "Split the cost with other member companies",
  "book.splitHelp": "Each company pays in proportion to its weight. They are asked to accept their share.",
  "book.ownShare": "Your company",
  "book.ownWeight": "Your company's weight",
  "book.weightFor": "Weight for {name}",
  "book.quoteTitle": "Price",
  "book.quoteHint": "Choose the asset, date and times to see the price.",
  "book.quoteLoading": "Calculating the price…",
  "book.net": "Net",
  "book.vat": "VAT {rate} %",
  "book.total": "Total",
  "book.price": "Price:",
  "book.submit": "Book",
  "book.submitRequest": "Send request",
  "book.check": "Check dates",
  "book.errorAsset": "Choose an asset.",
  "book.errorDate": "Choose a date.",
  "book.errorStart": "Choose a start time.",
  "book.errorEnd": "Choose an end time.",
  "book.errorTitle": "Say what the booking is for.",
  "book.errorEndBeforeStart": "The end must be after the start.",
  "book.errorSlot": "Times must fall on the {minutes}-minute grid.",
  "book.errorMinDuration": "Book at least {duration}.",
  "book.errorMaxDuration": "Book at most {duration}.",
  "book.errorClosed": "The asset is closed at that time.",
  "book.errorPast": "That time has already passed.",
  "book.errorUntil": "Choose the last date.",
  "book.successTitle": "Booked",
  "book.successBody": "The slot is yours. You'll find it under My reservations.",
  "book.requestedTitle": "Request sent",
  "book.requestedBody": "The asset manager has to approve it; the slot is held for you meanwhile.",
  "book.viewMine": "My reservations",
  "book.viewCalendar": "Back to the calendar",
  "book.another": "Book another",
  "book.sharesSaved": "Cost split proposed:",
  "book.conflictTitle": "That slot is taken",
  "book.conflictBooking": "Booked",
  "book.conflictWaitlistHold": "Held for a member on the waitlist",
  "book.alternativesTitle": "Free alternatives — book one with a click",
  "book.noAlternatives": "There is no free alternative nearby. Try another day.",
  "book.bookThis": "Book this",
  "book.seriesReportTitle": "Your dates",
  "book.seriesReportSummary": "{ok} of {total} dates are free.",
  "book.seriesConfirm": "Confirm the free dates",
  "book.seriesCreated": "{count} bookings made",
  "book.occurrenceFree": "Free",
  "book.occurrenceBlocked": "Taken",

  "mine.docTitle": "My reservations · Sinergia",
  "mine.title": "My reservations",
  "mine.subtitle": "Your company's bookings and requests.",
  "mine.upcoming": "Upcoming",
  "mine.past": "Past",
  "mine.emptyUpcoming": "Nothing booked yet",
  "mine.emptyPast": "No past bookings",
  "mine.emptyBody": "Bookings of your company appear here.",
  "mine.bookedBy": "{member} · booked by {user}",
  "mine.cancel": "Cancel",
  "mine.cancelTitle": "Cancel this booking?",
  "mine.feeFree": "Cancelling now is free.",
  "mine.feeCharged": "Cancelling now costs {fee} under the asset's policy.",
  "mine.reason": "Reason (optional)",
  "mine.reasonPlaceholder": "e.g. The shoot was postponed",
  "mine.confirmCancel": "Cancel booking",
  "mine.keep": "Keep it",

  "inbox.docTitle": "Approvals · Sinergia",
  "inbox.title": "Approvals",
  "inbox.subtitle": "Pending requests on the assets you manage, oldest first.",
  "inbox.empty": "No pending requests",
  "inbox.emptyBody": "New requests for your assets will appear here.",
  "inbox.requestedBy": "{member} · {user} · requested {when}",
  "inbox.rivals": "Competing requests (approving this one rejects them):",
  "inbox.reason": "Reason for rejecting",
  "inbox.reasonPlaceholder": "Reason (sent when rejecting)",
  "inbox.approve": "Approve",
  "inbox.reject": "Reject",
  "inbox.approved": "Approved: {title}",
  "inbox.rejected": "Rejected: {title}",
  "inbox.seriesTitle": "Series “{title}” · {count} dates",
  "inbox.approveAll": "Approve all",
  "inbox.rejectAll": "Reject all",
  "inbox.seriesApproved": "{count} dates approved",
  "inbox.seriesRejected": "{count} dates rejected",

  "consent.docTitle": "Cost shares · Sinergia",
  "consent.title": "Cost shares",
  "consent.subtitle": "Other companies propose that yours pays part of a booking. Accept or decline.",
  "consent.empty": "Nothing to decide",
  "consent.emptyBody": "Proposals to share a booking's cost appear here.",
  "consent.proposedBy": "Proposed by {member} · {payer} pays weight {weight}",
  "consent.accept": "Accept",
  "consent.decline": "Decline",

  "accounting.docTitle": "Accounting · Sinergia",
  "accounting.title": "Accounting",
  "accounting.subtitle": "Billing periods, statements per company and exports.",
  "accounting.noPeriods": "No billing periods yet",
  "accounting.periods": "Billing periods",
  "accounting.period": "Period",
  "accounting.state": "State",
  "accounting.close": "Close period",
  "accounting.confirmClose": "Close {period}? Its statements become final.",
  "accounting.closedOn": "Closed {date}",
  "accounting.statements": "Statements · {period}",
  "accounting.statementsAfterClose": "Statements are issued when the period is closed.",
  "accounting.noStatements": "No statements in this period.",
  "accounting.number": "Number",
  "accounting.member": "Company",
  "accounting.total": "Total",
  "accounting.payment": "Payment",
  "accounting.export": "Export cost shares",
  "accounting.exportHelp": "One line per payer and booking, for your accounting software.",
  "accounting.from": "From",
  "accounting.to": "To",
  "accounting.closing": "{made} of {total} statements made",
  "accounting.closingStarted": "Listing who gets a statement…",
  "accounting.closingProgress": "Progress of the close",
  "accounting.invoice": "Stripe invoice",
  "accounting.invoicing.pending": "Waiting to be sent",
  "accounting.invoicing.invoiced": "Invoiced",
  "accounting.invoicing.failed": "Failed, retrying",
  "accounting.invoicing.not_sent": "Not sent (Stripe off)",

  "nav.insights": "Insights",
  "nav.manage": "Manage",
  "nav.company": "My company",
  "nav.cluster": "Cluster",
  "nav.changes": "Changes",
  "nav.incidents": "Incidents",
  "nav.waitlist": "My waitlist",
  "calendar.reportProblem": "Report a problem",
  "insights.docTitle": "Insights · Sinergia",
  "insights.title": "Insights",
  "insights.subtitle":
    "How full each asset is, who uses how much of it against its fair share, and what sharing saved.",
  "insights.from": "From",
  "insights.to": "To",
  "insights.group": "Asset group",
  "insights.allGroups": "All groups",
  "insights.show": "Show",
  "insights.csvUtilisation": "Utilisation CSV",
  "insights.csvMembers": "Members CSV",
  "insights.utilisation": "Utilisation per asset",
  "insights.utilisationHelp":
    "Booked hours (approved and completed) against open hours, blackouts excluded. Cluster: {percent} ({booked} of {open} h).",
  "insights.utilisationPct": "Utilisation (%)",
  "insights.asset": "Asset",
  "insights.openHours": "Open hours",
  "insights.bookedHours": "Booked hours",
  "insights.heatmap": "Occupancy by weekday and hour",
  "insights.heatmapHelp":
    "Share of open time booked, in each asset's local time: the darker, the fuller; hatched cells are closed hours.",
  "insights.mon": "Mon",
  "insights.tue": "Tue",
  "insights.wed": "Wed",
  "insights.thu": "Thu",
  "insights.fri": "Fri",
  "insights.sat": "Sat",
  "insights.sun": "Sun",
  "insights.usage": "Usage against fair share",
  "insights.usageHelp":
    "Each company's share of the {hours} booked hours of the cluster, against the fair share agreed.",
  "insights.member": "Company",
  "insights.hours": "Hours",
  "insights.bookings": "Bookings",
  "insights.cancellations": "Cancellations",
  "insights.noShows": "No-shows",
  "insights.usageShare": "Usage share (%)",
  "insights.fairShare": "Fair share (%)",
  "insights.delta": "Over/under (points)",
  "insights.spend": "Spend",
  "insights.savings": "Savings from sharing",
  "insights.savingsHelp":
    "What the same hours would cost on a comparable asset rented alone, minus what the company paid; per currency.",
  "insights.noRates": "No standalone rates are set for these assets.",
  "insights.standalone": "Cost alone",
  "insights.savingsColumn": "Savings",
  "insights.withheld": "Cluster figures withheld.",
  "insights.asOf": "Figures as of {moment}; changes appear within about a minute.",
  "insights.openHoursHelp": "Open hours per asset, blackouts excluded.",
  "insights.ownFiguresHelp": "Your company's figures against its fair share.",
  "insights.use": "Booked against used, per asset",
  "insights.memberUse": "Booked against used, per company",
  "insights.useHelp":
    "Bookings that came due: released, not shown up, or checked in to. Used hours run from check-in to check-out, as billed.",
  "insights.dueBookings": "Came due",
  "insights.dueHours": "Booked hours",
  "insights.usedHours": "Used hours",
  "insights.useRate": "Used (%)",
  "insights.releaseRate": "Released (%)",
  "insights.noShowRate": "No-shows (%)",

  "login.sessionExpired":
    "Your session has expired. Sign in again to carry on where you were; what you had typed is kept.",

  "format.zoneTime": "{zone} time",
  "format.wholeDay": "whole day",

  "common.close": "Close",
  "calendar.subtitleReader": "Every booking of the group's assets; open one to see its details.",
  "calendar.asset": "Show",
  "calendar.allAssets": "All assets",
  "calendar.zoneOther": "Times in {zone} time (not your time zone)",
  "calendar.prev": "Previous",
  "calendar.next": "Next",
  "calendar.list": "List",
  "calendar.nothingBooked": "Nothing booked in these dates.",
  "calendar.setup": "Set-up",
  "calendar.cleanup": "Cleanup",
  "calendar.busyStatus": "Booked by another company",
  "calendar.otherCompany": "Another company (details are private)",
  "calendar.popWhen": "When",
  "calendar.popAsset": "Asset",
  "calendar.popStatus": "Status",
  "calendar.popCompany": "Company",
  "calendar.dragHint": "Drag it to move it, or drag its end to change its length.",
  "calendar.openBooking": "Open booking",
  "calendar.legend": "Legend",
  "calendar.legendOtherApproved": "Other companies (approved)",
  "calendar.legendOtherPending": "Other companies (pending request)",
  "calendar.legendBuffer": "Set-up or cleanup (blocked)",
  "calendar.legendBlackout": "Maintenance",
  "calendar.legendToday": "Today",
  "calendar.freeSlots": "Free time to book in these dates ({count})",
  "calendar.noFreeSlots": "No free time in these dates.",
  "calendar.moreFreeSlots": "{count} more: move to later dates to see them.",
  "conflict.bookInstead": "Book instead",
  "move.title": "Move “{title}”?",
  "move.from": "Now",
  "move.to": "New times",
  "move.newPrice": "Price for the new times:",
  "move.noPrice": "The price will be worked out when the move is saved.",
  "move.needsApproval": "This asset needs approval: the new times go back to the manager.",
  "move.lateWindow":
    "This booking is inside its late-cancellation window: giving up booked time costs {fee}, and the move may be refused.",
  "move.confirm": "Move booking",
  "move.keep": "Keep it where it was",
  "move.refusedTitle": "The booking was not moved",
  "move.fee": "Fee:",
  "move.moveHere": "Move here",
  "move.keptAt": "The booking stays at {when}.",
  "move.done": "Moved to {when}.",
  "move.priceNow": "New price: {price}.",
  "move.backToPending": "The manager has to approve the new times.",

  "book.errorEndDate": "Choose the last day.",
  "book.startDate": "From (day)",
  "book.startTime": "From (time)",
  "book.endDate": "Until (day)",
  "book.endTime": "Until (time)",
  "book.firstDay": "First day",
  "book.lastDay": "Last day (included)",
  "book.wholeDays": "Whole days",
  "book.wholeDaysHint": "From 00:00 on the first day to 24:00 on the last.",
  "book.asDrawn": "{time} (chosen)",
  "book.policyFree": "Free cancellation until {when}; after that {percent} % of the price ({fee}).",
  "book.policyLate": "It starts within {hours} h: cancelling once booked costs {percent} % of the price ({fee}).",
  "book.policyPending": "While the request is pending, cancelling it is free.",
  "book.policyTitle": "Cancellation",
  "book.compete": "Request anyway — the manager will choose",
  "book.competeHelp":
    "Every booking in the way is another company's pending request. The manager picks one request; the others are declined.",
  "book.competingBody":
    "Your request competes with other pending requests; the manager will choose one and decline the others.",
  "book.openBooking": "Open the booking",

  "book.repeatCount": "Number of times",
  "book.repeatUntil": "Last date of the series",
  "book.repeatEnds": "How the series ends",

  "inbox.rivalDeclined": "1 competing request was declined automatically.",
  "inbox.rivalsDeclined": "{count} competing requests were declined automatically.",

  "mine.cancelFollowing": "Cancel this and the following",
  "booking.docTitle": "Booking · Sinergia",
  "booking.back": "← My reservations",
  "booking.notFound": "This booking does not exist, or it is not your company's.",
  "booking.when": "When",
  "booking.zone": "Times in {zone} time, the asset's zone.",
  "booking.asset": "Asset",
  "booking.company": "Company",
  "booking.bookedBy": "Booked by",
  "booking.created": "Made on",
  "booking.money": "Money",
  "booking.price": "Price (fixed when booked)",
  "booking.noPrice": "No price",
  "booking.charged": "Charged",
  "booking.vat": "of which VAT",
  "booking.chargeBooked": "the price, due once the booking is used",
  "booking.chargeCompleted": "the price, for the booking used",
  "booking.chargeFee": "late-cancellation fee",
  "booking.chargeNoShow": "the full price, for a no-show",
  "booking.chargeReleased": "the asset's no-show fee, for a booking released unused",
  "booking.chargeNone": "nothing to pay",
  "booking.shares": "Who pays what",
  "booking.payer": "Payer",
  "booking.weight": "Weight",
  "booking.amount": "Amount",
  "booking.consent": "Consent",
  "booking.actions": "What you can do",
  "booking.edit": "Change times or details",
  "booking.resplit": "Split the cost again",
  "booking.newPrice": "Price with these times",
  "booking.save": "Save changes",
  "booking.saveSplit": "Save the split",
  "booking.noShow": "Mark as a no-show",
  "booking.history": "History",
  "history.created": "Booked",
  "history.requested": "Requested",
  "history.approved": "Approved",
  "history.rejected": "Rejected",
  "history.auto_rejected": "Declined automatically",
  "history.cancelled": "Cancelled",
  "history.updated": "Changed",
  "history.expired": "Expired",
  "history.completed": "Completed",
  "history.no_show": "Marked as a no-show",
  "history.released": "Released: nobody checked in",
  "history.checked_in": "Checked in",
  "history.checked_out": "Checked out",
  "history.extended": "Lengthened while in use",
  "history.overrun_refused": "Lengthening refused: the asset is taken after",
  "history.overrun": "Checked out {minutes} min after the end",
  "history.overrunIntoNext": "{minutes} min of it into the next booking or closure (not billed to this booking)",
  "history.system": "automatically",
  "history.times": "Times: {from} → {to}",
  "history.title": "Title: {from} → {to}",
  "history.notes": "Notes changed",

  "mine.open": "Open",
  "mine.seriesTitle": "{title} · series of {count}",

  "insights.closedHours": "closed",

  "accounting.actions": "Actions",

  "feeds.menuItem": "Calendar feeds",
  "feeds.title": "Calendar feeds",
  "feeds.help":
    "Add these links to Google Calendar, Outlook or Apple Calendar to see the bookings there. The links are personal: anyone who has one sees what it shows.",
  "feeds.companies": "Your company's bookings",
  "feeds.noCompany": "You book for no company; the asset feeds below show every asset's bookings.",
  "feeds.assets": "Feeds of each asset (other companies appear as busy)",
  "feeds.urlOf": "Feed link of {name}",
  "feeds.copy": "Copy link",
  "feeds.copied": "Copied.",
  "feeds.copyByHand": "Select the link and copy it.",
  "feeds.subscribe": "Open in calendar app",
  "feeds.rotateTitle": "A link got out?",
  "feeds.rotateHelp":
    "Replace the secret in your links: every old link stops working at once, and you subscribe again with the new ones.",
  "feeds.rotate": "Replace my links",
  "feeds.rotateConfirm": "Every calendar subscribed with your current links stops updating. Replace them?",
  "feeds.rotated": "New links made; the old ones no longer work.",

  "calendar.more": "+{count} more",

  "error.network": "Can't reach the server. Check your connection and try again.",
  "error.server": "The server had a problem (error {status}). Please try again in a moment.",
  "error.validation": "Please check the highlighted fields.",
  "error.forbidden": "You don't have permission to do that.",
  "error.notFound": "We couldn't find what you were looking for.",
  "error.generic": "Something went wrong (error {status}). Please try again.",
} as const;

/** The strings of a page most people never open live with that page (messages/*.ts) and join the dictionaries
 * when its chunk loads (`registerMessages`); their keys are known here by type only. */
type AreaKey =
  | keyof typeof manageMessages.en
  | keyof typeof companyMessages.en
  | keyof typeof accountMessages.en
  | keyof typeof clusterMessages.en
  | keyof typeof accountingMessages.en
  | keyof typeof closuresMessages.en
  | keyof typeof tokensMessages.en
  | keyof typeof invitationsMessages.en
  | keyof typeof qualificationsMessages.en
  | keyof typeof dayuseMessages.en
  | keyof typeof incidentsMessages.en
  | keyof typeof ratingsMessages.en
  | keyof typeof waitlistMessages.en
  | keyof typeof unitsMessages.en
  | keyof typeof itemsMessages.en
  | keyof typeof bundlesMessages.en
  | keyof typeof operatorsMessages.en;
type CoreKey = keyof typeof en;
export type MessageKey = CoreKey | AreaKey;
export type Messages = Record<CoreKey, string>;

const es: Messages = {
  "app.name": "Sinergia",
  "app.tagline": "Recursos compartidos del clúster",
  "app.loading": "Cargando…",
  "app.loadErrorTitle": "No hemos podido cargar Sinergia",
  "app.retry": "Reintentar",

  "language.label": "Idioma",
  "language.en": "English",
  "language.es": "Español",

  "login.docTitle": "Iniciar sesión · Sinergia",
  "login.title": "Iniciar sesión",
  "login.subtitle": "Reserva platós, bodegas y el resto de recursos compartidos del clúster.",
  "login.username": "Usuario o correo electrónico",
  "login.password": "Contraseña",
  "login.submit": "Entrar",
  "login.submitting": "Entrando…",
  "login.usernameRequired": "Introduce tu usuario o tu correo electrónico.",
  "login.passwordRequired": "Introduce tu contraseña.",
  "login.help": "¿Problemas para entrar? Contacta con la administración del clúster.",
  "login.or": "o",
  "login.ssoWith": "Entrar con {name}",
  "sso.error.email_unverified":
    "Tu proveedor de acceso no ha confirmado tu dirección de correo, así que Sinergia no puede saber quién eres. Consulta a la administración de tu proveedor o entra con tu contraseña.",
  "sso.error.unknown_domain":
    "Ninguna empresa de Sinergia te ha invitado ni ha registrado el dominio de tu correo. Pide una invitación a tu empresa.",
  "sso.error.provider_unavailable":
    "Ahora mismo no se puede contactar con tu proveedor de acceso. Inténtalo de nuevo en unos minutos.",
  "sso.error.cancelled": "Has cancelado el acceso en tu proveedor.",
  "sso.error.invitation_expired":
    "Tu invitación a Sinergia ha caducado. Pide a quien te invitó que te envíe una nueva.",
  "sso.error.unknown": "El acceso único no ha funcionado. Inténtalo de nuevo o entra con tu contraseña.",
  "pending.docTitle": "Esperando aprobación · Sinergia",
  "pending.title": "Esperando aprobación",
  "pending.waiting":
    "Has pedido unirte a {member}. Se ha pedido a su administración que te apruebe; recibirás un correo cuando lo haga.",
  "pending.refused":
    "{member} no ha aprobado tu solicitud para unirte. Pide una invitación a la empresa si es un error.",
  "pending.none": "Tu cuenta aún no pertenece a ninguna empresa. Pide una invitación a tu empresa.",
  "pending.noAccessTitle": "Aún no tienes acceso",
  "pending.check": "Comprobar de nuevo",
  "pending.signOut": "Cerrar sesión",
  "login.forgot": "¿Has olvidado tu contraseña?",
  "account.menuItem": "Cuenta",
  "login.code": "Código",
  "login.codeIntro":
    "Introduce el código de 6 cifras de tu aplicación de autenticación, o uno de tus códigos de recuperación.",
  "login.codeRequired": "Introduce el código.",
  "login.codeSubmit": "Verificar",

  "header.user": "Sesión iniciada como",
  "header.member": "Empresa",
  "header.roles": "Rol",
  "header.logout": "Cerrar sesión",
  "header.loggingOut": "Cerrando sesión…",
  "header.noMember": "—",

  "role.booker": "Responsable de reservas",
  "role.member_admin": "Administrador de empresa",
  "role.asset_manager": "Gestor de recursos",
  "role.accountant": "Contable",
  "role.cluster_admin": "Administrador del clúster",
  "role.none": "Sin rol asignado",

  "nav.label": "Secciones",
  "nav.calendar": "Calendario",
  "nav.book": "Reservar",
  "nav.reservations": "Mis reservas",
  "nav.inbox": "Aprobaciones",
  "nav.consent": "Repartos de coste",
  "nav.accounting": "Contabilidad",

  "status.pending": "Pendiente",
  "status.approved": "Aprobada",
  "status.rejected": "Rechazada",
  "status.cancelled": "Cancelada",
  "status.expired": "Caducada",
  "status.completed": "Completada",
  "status.no_show": "No presentada",
  "status.released": "Liberada",
  "status.proposed": "Pendiente de aceptar",
  "status.accepted": "Aceptado",
  "status.declined": "Rechazado",
  "status.open": "Abierto",
  "status.closing": "Cerrándose",
  "status.closed": "Cerrado",
  "status.paid": "Pagado",
  "status.unpaid": "Pendiente de pago",

  "duration.minutes": "{count} min",
  "duration.hours": "{count} h",
  "duration.hoursMinutes": "{hours} h {minutes} min",
  "duration.days": "{count} días",

  "calendar.docTitle": "Calendario · Sinergia",
  "calendar.title": "Calendario",
  "calendar.subtitle": "Haz clic o arrastra sobre un hueco libre para reservarlo.",
  "calendar.newBooking": "Nueva reserva",
  "calendar.group": "Recursos",
  "calendar.zone": "Horas de {zone}",
  "calendar.today": "Hoy",
  "calendar.day": "Día",
  "calendar.week": "Semana",
  "calendar.month": "Mes",
  "calendar.busy": "Ocupado",
  "calendar.closed": "Cerrado",
  "calendar.blackout": "Mantenimiento",
  "calendar.legendOwn": "Tu empresa",
  "calendar.legendPending": "Pendiente de aprobación",
  "calendar.legendBusy": "Otra empresa (ocupado: pendiente o aprobada)",
  "calendar.legendClosed": "Cerrado",
  "calendar.noAssets": "Todavía no hay recursos en este grupo.",

  "book.docTitle": "Reservar · Sinergia",
  "book.title": "Reservar un recurso",
  "book.subtitle": "Elige el recurso y el horario; verás el precio antes de confirmar.",
  "book.asset": "Recurso",
  "book.member": "Reservar para",
  "book.date": "Fecha",
  "book.start": "Desde",
  "book.end": "Hasta",
  "book.midnight": "24:00",
  "book.pickDate": "Elige primero una fecha",
  "book.closedThatDay": "Cerrado ese día",
  "book.titleLabel": "¿Para qué es?",
  "book.titlePlaceholder": "p. ej. Rodaje de un anuncio",
  "book.notes": "Notas para la gestión del recurso (opcional)",
  "book.needsApproval": "Requiere aprobación",
  "book.instant": "Reserva inmediata",
  "book.zoneNote": "horas de {zone}",
  "book.durationNote": "de {min} a {max}",
  "book.repeat": "Repetir",
  "book.repeatNone": "No se repite",
  "book.repeatWeekly": "Cada semana",
  "book.repeatMonthly": "Cada mes",
  "book.endsAfter": "Termina tras",
  "book.endsOn": "Termina el",
  "book.times": "veces",
  "book.skipConflicts": "Saltar las fechas ocupadas y reservar el resto",
  "book.split": "Repartir el coste con otras empresas socias",
  "book.splitHelp": "Cada empresa paga en proporción a su peso. Se les pide que acepten su parte.",
  "book.ownShare": "Tu empresa",
  "book.ownWeight": "Peso de tu empresa",
  "book.weightFor": "Peso de {name}",
  "book.quoteTitle": "Precio",
  "book.quoteHint": "Elige el recurso, la fecha y las horas para ver el precio.",
  "book.quoteLoading": "Calculando el precio…",
  "book.net": "Base",
  "book.vat": "IVA {rate} %",
  "book.total": "Total",
  "book.price": "Precio:",
  "book.submit": "Reservar",
  "book.submitRequest": "Enviar solicitud",
  "book.check": "Comprobar fechas",
  "book.errorAsset": "Elige un recurso.",
  "book.errorDate": "Elige una fecha.",
  "book.errorStart": "Elige la hora de inicio.",
  "book.errorEnd": "Elige la hora de fin.",
  "book.errorTitle": "Indica para qué es la reserva.",
  "book.errorEndBeforeStart": "El fin debe ser posterior al inicio.",
  "book.errorSlot": "Las horas deben ir en tramos de {minutes} minutos.",
  "book.errorMinDuration": "Reserva al menos {duration}.",
  "book.errorMaxDuration": "Reserva como mucho {duration}.",
  "book.errorClosed": "El recurso está cerrado a esa hora.",
  "book.errorPast": "Esa hora ya ha pasado.",
  "book.errorUntil": "Elige la última fecha.",
  "book.successTitle": "Reservado",
  "book.successBody": "El hueco es tuyo. Lo encontrarás en Mis reservas.",
  "book.requestedTitle": "Solicitud enviada",
  "book.requestedBody": "La gestión del recurso tiene que aprobarla; mientras tanto el hueco queda reservado para ti.",
  "book.viewMine": "Mis reservas",
  "book.viewCalendar": "Volver al calendario",
  "book.another": "Hacer otra reserva",
  "book.sharesSaved": "Reparto de coste propuesto:",
  "book.conflictTitle": "Ese hueco está ocupado",
  "book.conflictBooking": "Reservado",
  "book.conflictWaitlistHold": "Reservado para una empresa de la lista de espera",
  "book.alternativesTitle": "Alternativas libres: resérvalas con un clic",
  "book.noAlternatives": "No hay ninguna alternativa libre cerca. Prueba otro día.",
  "book.bookThis": "Reservar esta",
  "book.seriesReportTitle": "Tus fechas",
  "book.seriesReportSummary": "{ok} de {total} fechas están libres.",
  "book.seriesConfirm": "Confirmar las fechas libres",
  "book.seriesCreated": "{count} reservas hechas",
  "book.occurrenceFree": "Libre",
  "book.occurrenceBlocked": "Ocupado",

  "mine.docTitle": "Mis reservas · Sinergia",
  "mine.title": "Mis reservas",
  "mine.subtitle": "Las reservas y solicitudes de tu empresa.",
  "mine.upcoming": "Próximas",
  "mine.past": "Pasadas",
  "mine.emptyUpcoming": "Todavía no hay reservas",
  "mine.emptyPast": "No hay reservas pasadas",
  "mine.emptyBody": "Aquí aparecen las reservas de tu empresa.",
  "mine.bookedBy": "{member} · reservado por {user}",
  "mine.cancel": "Cancelar",
  "mine.cancelTitle": "¿Cancelar esta reserva?",
  "mine.feeFree": "Cancelar ahora es gratis.",
  "mine.feeCharged": "Cancelar ahora cuesta {fee} según la política del recurso.",
  "mine.reason": "Motivo (opcional)",
  "mine.reasonPlaceholder": "p. ej. Se ha aplazado el rodaje",
  "mine.confirmCancel": "Cancelar reserva",
  "mine.keep": "Mantenerla",

  "inbox.docTitle": "Aprobaciones · Sinergia",
  "inbox.title": "Aprobaciones",
  "inbox.subtitle": "Solicitudes pendientes en los recursos que gestionas, las más antiguas primero.",
  "inbox.empty": "No hay solicitudes pendientes",
  "inbox.emptyBody": "Las nuevas solicitudes para tus recursos aparecerán aquí.",
  "inbox.requestedBy": "{member} · {user} · solicitada {when}",
  "inbox.rivals": "Solicitudes que compiten (aprobar esta las rechaza):",
  "inbox.reason": "Motivo del rechazo",
  "inbox.reasonPlaceholder": "Motivo (se envía al rechazar)",
  "inbox.approve": "Aprobar",
  "inbox.reject": "Rechazar",
  "inbox.approved": "Aprobada: {title}",
  "inbox.rejected": "Rechazada: {title}",
  "inbox.seriesTitle": "Serie «{title}» · {count} fechas",
  "inbox.approveAll": "Aprobar todas",
  "inbox.rejectAll": "Rechazar todas",
  "inbox.seriesApproved": "{count} fechas aprobadas",
  "inbox.seriesRejected": "{count} fechas rechazadas",

  "consent.docTitle": "Repartos de coste · Sinergia",
  "consent.title": "Repartos de coste",
  "consent.subtitle": "Otras empresas proponen que la tuya pague parte de una reserva. Acepta o rechaza.",
  "consent.empty": "Nada que decidir",
  "consent.emptyBody": "Aquí aparecen las propuestas para repartir el coste de una reserva.",
  "consent.proposedBy": "Propuesto por {member} · {payer} paga con peso {weight}",
  "consent.accept": "Aceptar",
  "consent.decline": "Rechazar",

  "accounting.docTitle": "Contabilidad · Sinergia",
  "accounting.title": "Contabilidad",
  "accounting.subtitle": "Periodos de facturación, extractos por empresa y exportaciones.",
  "accounting.noPeriods": "Todavía no hay periodos de facturación",
  "accounting.periods": "Periodos de facturación",
  "accounting.period": "Periodo",
  "accounting.state": "Estado",
  "accounting.close": "Cerrar periodo",
  "accounting.confirmClose": "¿Cerrar {period}? Sus extractos serán definitivos.",
  "accounting.closedOn": "Cerrado el {date}",
  "accounting.statements": "Extractos · {period}",
  "accounting.statementsAfterClose": "Los extractos se emiten al cerrar el periodo.",
  "accounting.noStatements": "No hay extractos en este periodo.",
  "accounting.number": "Número",
  "accounting.member": "Empresa",
  "accounting.total": "Total",
  "accounting.payment": "Pago",
  "accounting.export": "Exportar repartos de coste",
  "accounting.exportHelp": "Una línea por pagador y reserva, para tu programa de contabilidad.",
  "accounting.from": "Desde",
  "accounting.to": "Hasta",
  "accounting.closing": "{made} de {total} extractos hechos",
  "accounting.closingStarted": "Buscando quién recibe extracto…",
  "accounting.closingProgress": "Avance del cierre",
  "accounting.invoice": "Factura de Stripe",
  "accounting.invoicing.pending": "Pendiente de envío",
  "accounting.invoicing.invoiced": "Facturado",
  "accounting.invoicing.failed": "Ha fallado, se reintenta",
  "accounting.invoicing.not_sent": "No enviado (Stripe apagado)",

  "nav.insights": "Indicadores",
  "nav.manage": "Gestionar",
  "nav.company": "Mi empresa",
  "nav.cluster": "Clúster",
  "nav.changes": "Cambios",
  "nav.incidents": "Incidencias",
  "nav.waitlist": "Mi lista de espera",
  "calendar.reportProblem": "Notificar un problema",
  "insights.docTitle": "Indicadores · Sinergia",
  "insights.title": "Indicadores",
  "insights.subtitle": "Cuánto se usa cada recurso, quién lo usa frente a su cuota justa y cuánto ahorra compartir.",
  "insights.from": "Desde",
  "insights.to": "Hasta",
  "insights.group": "Grupo de recursos",
  "insights.allGroups": "Todos los grupos",
  "insights.show": "Mostrar",
  "insights.csvUtilisation": "CSV de utilización",
  "insights.csvMembers": "CSV de empresas",
  "insights.utilisation": "Utilización por recurso",
  "insights.utilisationHelp":
    "Horas reservadas (aprobadas y completadas) frente a horas abiertas, sin cierres. Clúster: {percent} ({booked} de {open} h).",
  "insights.utilisationPct": "Utilización (%)",
  "insights.asset": "Recurso",
  "insights.openHours": "Horas abiertas",
  "insights.bookedHours": "Horas reservadas",
  "insights.heatmap": "Ocupación por día y hora",
  "insights.heatmapHelp":
    "Parte del tiempo abierto que está reservada, en la hora local de cada recurso: cuanto más oscuro, más lleno; las celdas rayadas son horas cerradas.",
  "insights.mon": "lun",
  "insights.tue": "mar",
  "insights.wed": "mié",
  "insights.thu": "jue",
  "insights.fri": "vie",
  "insights.sat": "sáb",
  "insights.sun": "dom",
  "insights.usage": "Uso frente a cuota justa",
  "insights.usageHelp":
    "Parte de cada empresa en las {hours} horas reservadas del clúster, frente a la cuota justa acordada.",
  "insights.member": "Empresa",
  "insights.hours": "Horas",
  "insights.bookings": "Reservas",
  "insights.cancellations": "Cancelaciones",
  "insights.noShows": "No presentados",
  "insights.usageShare": "Cuota de uso (%)",
  "insights.fairShare": "Cuota justa (%)",
  "insights.delta": "Diferencia (puntos)",
  "insights.spend": "Gasto",
  "insights.savings": "Ahorro por compartir",
  "insights.savingsHelp":
    "Lo que costarían las mismas horas en un recurso comparable alquilado por separado, menos lo que pagó la empresa; por moneda.",
  "insights.noRates": "No hay tarifas fuera del clúster para estos recursos.",
  "insights.standalone": "Coste por separado",
  "insights.savingsColumn": "Ahorro",
  "insights.withheld": "Cifras del clúster no mostradas.",
  "insights.asOf": "Cifras a {moment}; los cambios aparecen en un minuto aproximadamente.",
  "insights.openHoursHelp": "Horas abiertas por recurso, sin cierres.",
  "insights.ownFiguresHelp": "Las cifras de tu empresa frente a su cuota justa.",
  "insights.use": "Reservado frente a usado, por recurso",
  "insights.memberUse": "Reservado frente a usado, por empresa",
  "insights.useHelp":
    "Reservas llegadas a su hora: liberadas, no presentadas o con entrada registrada. Las horas usadas van de la entrada a la salida, como se facturan.",
  "insights.dueBookings": "Llegadas a su hora",
  "insights.dueHours": "Horas reservadas",
  "insights.usedHours": "Horas usadas",
  "insights.useRate": "Usado (%)",
  "insights.releaseRate": "Liberadas (%)",
  "insights.noShowRate": "No presentados (%)",

  "login.sessionExpired":
    "Tu sesión ha caducado. Vuelve a entrar para seguir donde estabas; lo que habías escrito se conserva.",

  "format.zoneTime": "hora de {zone}",
  "format.wholeDay": "día completo",

  "common.close": "Cerrar",
  "calendar.subtitleReader": "Todas las reservas de los recursos del grupo; abre una para ver sus detalles.",
  "calendar.asset": "Mostrar",
  "calendar.allAssets": "Todos los recursos",
  "calendar.zoneOther": "Horas de {zone} (no es tu zona horaria)",
  "calendar.prev": "Anterior",
  "calendar.next": "Siguiente",
  "calendar.list": "Lista",
  "calendar.nothingBooked": "No hay reservas en estas fechas.",
  "calendar.setup": "Preparación",
  "calendar.cleanup": "Limpieza",
  "calendar.busyStatus": "Reservado por otra empresa",
  "calendar.otherCompany": "Otra empresa (los detalles son privados)",
  "calendar.popWhen": "Cuándo",
  "calendar.popAsset": "Recurso",
  "calendar.popStatus": "Estado",
  "calendar.popCompany": "Empresa",
  "calendar.dragHint": "Arrástrala para moverla, o arrastra su final para cambiar su duración.",
  "calendar.openBooking": "Abrir la reserva",
  "calendar.legend": "Leyenda",
  "calendar.legendOtherApproved": "Otras empresas (aprobada)",
  "calendar.legendOtherPending": "Otras empresas (solicitud pendiente)",
  "calendar.legendBuffer": "Preparación o limpieza (bloqueado)",
  "calendar.legendBlackout": "Mantenimiento",
  "calendar.legendToday": "Hoy",
  "calendar.freeSlots": "Huecos libres para reservar en estas fechas ({count})",
  "calendar.noFreeSlots": "No hay huecos libres en estas fechas.",
  "calendar.moreFreeSlots": "{count} más: avanza en el calendario para verlos.",
  "conflict.bookInstead": "Reservar esta en su lugar",
  "move.title": "¿Mover «{title}»?",
  "move.from": "Ahora",
  "move.to": "Nuevo horario",
  "move.newPrice": "Precio con el nuevo horario:",
  "move.noPrice": "El precio se calculará al guardar el cambio.",
  "move.needsApproval": "Este recurso requiere aprobación: el nuevo horario vuelve a la gestión.",
  "move.lateWindow":
    "Esta reserva está dentro del plazo de cancelación tardía: renunciar a tiempo reservado cuesta {fee} y el cambio puede ser rechazado.",
  "move.confirm": "Mover la reserva",
  "move.keep": "Dejarla donde estaba",
  "move.refusedTitle": "La reserva no se ha movido",
  "move.fee": "Cargo:",
  "move.moveHere": "Mover aquí",
  "move.keptAt": "La reserva sigue el {when}.",
  "move.done": "Movida al {when}.",
  "move.priceNow": "Nuevo precio: {price}.",
  "move.backToPending": "La gestión tiene que aprobar el nuevo horario.",

  "book.errorEndDate": "Elige el último día.",
  "book.startDate": "Desde (día)",
  "book.startTime": "Desde (hora)",
  "book.endDate": "Hasta (día)",
  "book.endTime": "Hasta (hora)",
  "book.firstDay": "Primer día",
  "book.lastDay": "Último día (incluido)",
  "book.wholeDays": "Días completos",
  "book.wholeDaysHint": "Desde las 00:00 del primer día hasta las 24:00 del último.",
  "book.asDrawn": "{time} (elegida)",
  "book.policyFree": "Cancelación gratuita hasta el {when}; después, el {percent} % del precio ({fee}).",
  "book.policyLate":
    "Empieza en menos de {hours} h: cancelarla una vez hecha cuesta el {percent} % del precio ({fee}).",
  "book.policyPending": "Mientras la solicitud esté pendiente, cancelarla es gratis.",
  "book.policyTitle": "Cancelación",
  "book.compete": "Solicitar de todos modos: la gestión elegirá",
  "book.competeHelp":
    "Todo lo que ocupa ese hueco son solicitudes pendientes de otras empresas. La gestión elegirá una y rechazará las demás.",
  "book.competingBody": "Tu solicitud compite con otras pendientes; la gestión elegirá una y rechazará las demás.",
  "book.openBooking": "Abrir la reserva",

  "book.repeatCount": "Número de veces",
  "book.repeatUntil": "Última fecha de la serie",
  "book.repeatEnds": "Cómo termina la serie",

  "inbox.rivalDeclined": "Se rechazó automáticamente 1 solicitud que competía por ese hueco.",
  "inbox.rivalsDeclined": "Se rechazaron automáticamente {count} solicitudes que competían por ese hueco.",

  "mine.cancelFollowing": "Cancelar esta y las siguientes",
  "booking.docTitle": "Reserva · Sinergia",
  "booking.back": "← Mis reservas",
  "booking.notFound": "Esta reserva no existe o no es de tu empresa.",
  "booking.when": "Cuándo",
  "booking.zone": "Horas de {zone}, la zona del recurso.",
  "booking.asset": "Recurso",
  "booking.company": "Empresa",
  "booking.bookedBy": "Reservada por",
  "booking.created": "Hecha el",
  "booking.money": "Importe",
  "booking.price": "Precio (fijado al reservar)",
  "booking.noPrice": "Sin precio",
  "booking.charged": "Se cobra",
  "booking.vat": "de ello IVA",
  "booking.chargeBooked": "el precio, a pagar cuando se use la reserva",
  "booking.chargeCompleted": "el precio, por la reserva usada",
  "booking.chargeFee": "cargo por cancelación tardía",
  "booking.chargeNoShow": "el precio entero, por no presentarse",
  "booking.chargeReleased": "el cargo por no presentarse del recurso, por una reserva liberada sin usar",
  "booking.chargeNone": "nada que pagar",
  "booking.shares": "Quién paga qué",
  "booking.payer": "Pagador",
  "booking.weight": "Peso",
  "booking.amount": "Importe",
  "booking.consent": "Conformidad",
  "booking.actions": "Qué puedes hacer",
  "booking.edit": "Cambiar horario o detalles",
  "booking.resplit": "Repartir de nuevo el coste",
  "booking.newPrice": "Precio con este horario",
  "booking.save": "Guardar cambios",
  "booking.saveSplit": "Guardar el reparto",
  "booking.noShow": "Marcar como no presentada",
  "booking.history": "Historial",
  "history.created": "Reservada",
  "history.requested": "Solicitada",
  "history.approved": "Aprobada",
  "history.rejected": "Rechazada",
  "history.auto_rejected": "Rechazada automáticamente",
  "history.cancelled": "Cancelada",
  "history.updated": "Modificada",
  "history.expired": "Caducada",
  "history.completed": "Completada",
  "history.no_show": "Marcada como no presentada",
  "history.released": "Liberada: nadie registró la entrada",
  "history.checked_in": "Entrada registrada",
  "history.checked_out": "Salida registrada",
  "history.extended": "Alargada durante el uso",
  "history.overrun_refused": "Alargue rechazado: el recurso está ocupado después",
  "history.overrun": "Salida {minutes} min después del final",
  "history.overrunIntoNext":
    "{minutes} min de ellos dentro de la reserva o el cierre siguiente (no se facturan a esta reserva)",
  "history.system": "automáticamente",
  "history.times": "Horario: {from} → {to}",
  "history.title": "Título: {from} → {to}",
  "history.notes": "Notas modificadas",

  "mine.open": "Abrir",
  "mine.seriesTitle": "{title} · serie de {count}",

  "insights.closedHours": "cerrado",

  "accounting.actions": "Acciones",

  "feeds.menuItem": "Suscripciones de calendario",
  "feeds.title": "Suscripciones de calendario",
  "feeds.help":
    "Añade estos enlaces a Google Calendar, Outlook o Calendario de Apple para ver allí las reservas. Los enlaces son personales: quien tenga uno ve lo que muestra.",
  "feeds.companies": "Las reservas de tu empresa",
  "feeds.noCompany":
    "No reservas para ninguna empresa; las suscripciones de recursos de abajo muestran las reservas de cada recurso.",
  "feeds.assets": "Suscripciones de cada recurso (las otras empresas aparecen como ocupado)",
  "feeds.urlOf": "Enlace de suscripción de {name}",
  "feeds.copy": "Copiar enlace",
  "feeds.copied": "Copiado.",
  "feeds.copyByHand": "Selecciona el enlace y cópialo.",
  "feeds.subscribe": "Abrir en la app de calendario",
  "feeds.rotateTitle": "¿Se ha filtrado un enlace?",
  "feeds.rotateHelp":
    "Cambia el secreto de tus enlaces: todos los anteriores dejan de funcionar en el acto y vuelves a suscribirte con los nuevos.",
  "feeds.rotate": "Cambiar mis enlaces",
  "feeds.rotateConfirm": "Los calendarios suscritos con tus enlaces actuales dejarán de actualizarse. ¿Cambiarlos?",
  "feeds.rotated": "Enlaces nuevos creados; los anteriores ya no funcionan.",

  "calendar.more": "+{count} más",

  "error.network": "No se puede conectar con el servidor. Comprueba tu conexión e inténtalo de nuevo.",
  "error.server": "El servidor ha tenido un problema (error {status}). Inténtalo de nuevo en unos instantes.",
  "error.validation": "Revisa los campos marcados.",
  "error.forbidden": "No tienes permiso para hacer esto.",
  "error.notFound": "No hemos encontrado lo que buscabas.",
  "error.generic": "Algo ha fallado (error {status}). Inténtalo de nuevo.",
};

export const LANGUAGES = ["en", "es"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

export const dictionaries: Record<Language, Partial<Record<string, string>>> = { en: { ...en }, es: { ...es } };

/** Add a page area's strings in every language (each messages/*.ts module calls it when it loads). */
export function registerMessages(area: Record<Language, Record<string, string>>): void {
  for (const lang of LANGUAGES) Object.assign(dictionaries[lang], area[lang]);
}

const STORAGE_KEY = "sinergia.language";

export type Params = Record<string, string | number>;

/** Replace `{name}` placeholders; unknown placeholders are left untouched. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}

/**
 * Pure lookup: `lang` dictionary, then English, then the key itself.
 * `dicts` is injectable for tests.
 */
export function translate(
  lang: string,
  key: string,
  params?: Params,
  dicts: Record<string, Partial<Record<string, string>>> = dictionaries,
): string {
  const template = dicts[lang]?.[key] ?? dicts[DEFAULT_LANGUAGE]?.[key] ?? key;
  return interpolate(template, params);
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** "es-ES" → "es"; anything unsupported → null. */
export function normalizeLanguage(value: string | null | undefined): Language | null {
  if (!value) return null;
  const base = value.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : null;
}

function readStored(): Language | null {
  try {
    return normalizeLanguage(globalThis.localStorage?.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/** True when the person picked a language with the switch (it then wins over the profile). */
export function hasStoredLanguage(): boolean {
  return readStored() !== null;
}

/** Stored choice, else the browser's preferred languages, else English. */
export function detectLanguage(): Language {
  const stored = readStored();
  if (stored) return stored;
  const nav = globalThis.navigator;
  const candidates = [...(nav?.languages ?? []), nav?.language];
  for (const candidate of candidates) {
    const lang = normalizeLanguage(candidate);
    if (lang) return lang;
  }
  return DEFAULT_LANGUAGE;
}

let current: Language = detectLanguage();
const listeners = new Set<(lang: Language) => void>();

export function getLanguage(): Language {
  return current;
}

/**
 * Switch the UI language. `persist: true` (the default, used by the language
 * switch) remembers the choice in localStorage; the user's profile language
 * is applied with `persist: false` so it never overrides an explicit choice.
 */
export function setLanguage(lang: string, options: { persist?: boolean } = {}): Language {
  const next = normalizeLanguage(lang) ?? DEFAULT_LANGUAGE;
  if (options.persist ?? true) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // Storage may be unavailable (private mode); the choice lasts for this page only.
    }
  }
  const changed = next !== current;
  current = next;
  if (typeof document !== "undefined") document.documentElement.lang = next;
  if (changed) listeners.forEach((listener) => listener(next));
  return next;
}

export function onLanguageChange(listener: (lang: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Keys that come in plural forms: `key.one` and `key.other`. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.one` ? Base : never }[MessageKey];

/** The form of `key` (`key.one` or `key.other`) the language's plural rules pick for `count`, with `{count}`. */
export function tn(key: PluralKey, count: number, params?: Params, lang: string = current): string {
  const form = new Intl.PluralRules(lang).select(count) === "one" ? "one" : "other";
  return t(`${key}.${form}` as MessageKey, { ...params, count }, lang);
}

/** `lang` defaults to the UI language; formatters pass theirs so one text is in one language. */
export function t(key: MessageKey, params?: Params, lang: string = current): string {
  return translate(lang, key, params);
}
