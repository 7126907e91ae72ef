// UI strings for Sinergia. English is the reference dictionary: every key
// must exist in `en`; other languages must have exactly the same keys
// (enforced by the type below and by tests). Missing keys fall back to English.

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
  "login.username": "Username",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.submitting": "Signing in…",
  "login.usernameRequired": "Enter your username.",
  "login.passwordRequired": "Enter your password.",
  "login.help": "Trouble signing in? Contact your cluster administrator.",

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

  "common.notAvailableTitle": "Not available yet",
  "common.notAvailableBody": "{what} will appear here as soon as this part of Sinergia is switched on for your cluster.",

  "status.pending": "Pending",
  "status.approved": "Approved",
  "status.rejected": "Rejected",
  "status.cancelled": "Cancelled",
  "status.expired": "Expired",
  "status.completed": "Completed",
  "status.no_show": "No-show",
  "status.proposed": "Awaiting consent",
  "status.accepted": "Accepted",
  "status.declined": "Declined",
  "status.open": "Open",
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
  "calendar.legendBusy": "Booked by others",
  "calendar.legendClosed": "Closed or maintenance",
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
  "book.quoteUnavailable": "The detailed price will be shown on the booking once it is confirmed.",
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
  "book.sharesUnavailable": "The booking is made, but splitting costs is not available yet.",
  "book.conflictTitle": "That slot is taken",
  "book.conflictBooking": "Booked",
  "book.alternativesTitle": "Free alternatives — book one with a click",
  "book.noAlternatives": "There is no free alternative nearby. Try another day.",
  "book.bookThis": "Book this",
  "book.seriesReportTitle": "Your dates",
  "book.seriesReportSummary": "{ok} of {total} dates are free.",
  "book.seriesConfirm": "Confirm the free dates",
  "book.seriesCreated": "{count} bookings made",
  "book.seriesUnavailable": "Recurring bookings are not available yet. Book the dates one by one.",
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
  "mine.feeUnknown": "The asset's cancellation policy applies.",
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
  "inbox.seriesUnavailable": "Deciding a whole series is not available yet; decide each date.",

  "consent.docTitle": "Cost shares · Sinergia",
  "consent.title": "Cost shares",
  "consent.subtitle": "Other companies propose that yours pays part of a booking. Accept or decline.",
  "consent.feature": "Cost-share proposals",
  "consent.empty": "Nothing to decide",
  "consent.emptyBody": "Proposals to share a booking's cost appear here.",
  "consent.proposedBy": "Proposed by {member} · {payer} pays weight {weight}",
  "consent.accept": "Accept",
  "consent.decline": "Decline",

  "accounting.docTitle": "Accounting · Sinergia",
  "accounting.title": "Accounting",
  "accounting.subtitle": "Billing periods, statements per company and exports.",
  "accounting.feature": "Billing periods and statements",
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
  "accounting.csv": "Download CSV",
  "accounting.xlsx": "Download XLSX",

  "nav.insights": "Insights",
  "insights.docTitle": "Insights · Sinergia",
  "insights.title": "Insights",
  "insights.subtitle": "How full each asset is, who uses how much of it against its fair share, and what sharing saved.",
  "insights.from": "From",
  "insights.to": "To",
  "insights.group": "Asset group",
  "insights.allGroups": "All groups",
  "insights.show": "Show",
  "insights.csvUtilisation": "Utilisation CSV",
  "insights.csvMembers": "Members CSV",
  "insights.utilisation": "Utilisation per asset",
  "insights.utilisationHelp": "Booked hours (approved and completed) against open hours, blackouts excluded. Cluster: {percent} ({booked} of {open} h).",
  "insights.utilisationPct": "Utilisation (%)",
  "insights.asset": "Asset",
  "insights.openHours": "Open hours",
  "insights.bookedHours": "Booked hours",
  "insights.heatmap": "Occupancy by weekday and hour",
  "insights.heatmapHelp": "Share of open time booked, in each asset's local time; grey cells are closed.",
  "insights.mon": "Mon",
  "insights.tue": "Tue",
  "insights.wed": "Wed",
  "insights.thu": "Thu",
  "insights.fri": "Fri",
  "insights.sat": "Sat",
  "insights.sun": "Sun",
  "insights.usage": "Usage against fair share",
  "insights.usageHelp": "Each company's share of the {hours} booked hours of the cluster, against the fair share agreed.",
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
  "insights.savingsHelp": "What the same hours would cost on a comparable asset rented alone, minus what the company paid; per currency.",
  "insights.noRates": "No standalone rates are set for these assets.",
  "insights.standalone": "Cost alone",
  "insights.savingsColumn": "Savings",
  "insights.withheld": "Cluster figures withheld.",
  "insights.openHoursHelp": "Open hours per asset, blackouts excluded.",
  "insights.ownFiguresHelp": "Your company's figures against its fair share.",

  "error.network": "Can't reach the server. Check your connection and try again.",
  "error.server": "The server had a problem (error {status}). Please try again in a moment.",
  "error.validation": "Please check the highlighted fields.",
  "error.forbidden": "You don't have permission to do that.",
  "error.notFound": "We couldn't find what you were looking for.",
  "error.generic": "Something went wrong (error {status}). Please try again.",
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

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
  "login.username": "Usuario",
  "login.password": "Contraseña",
  "login.submit": "Entrar",
  "login.submitting": "Entrando…",
  "login.usernameRequired": "Introduce tu usuario.",
  "login.passwordRequired": "Introduce tu contraseña.",
  "login.help": "¿Problemas para entrar? Contacta con la administración del clúster.",

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

  "common.notAvailableTitle": "Todavía no disponible",
  "common.notAvailableBody": "{what} aparecerán aquí en cuanto esta parte de Sinergia se active en tu clúster.",

  "status.pending": "Pendiente",
  "status.approved": "Aprobada",
  "status.rejected": "Rechazada",
  "status.cancelled": "Cancelada",
  "status.expired": "Caducada",
  "status.completed": "Completada",
  "status.no_show": "No presentada",
  "status.proposed": "Pendiente de aceptar",
  "status.accepted": "Aceptado",
  "status.declined": "Rechazado",
  "status.open": "Abierto",
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
  "calendar.legendBusy": "Reservado por otros",
  "calendar.legendClosed": "Cerrado o en mantenimiento",
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
  "book.quoteUnavailable": "El precio detallado aparecerá en la reserva una vez confirmada.",
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
  "book.sharesUnavailable": "La reserva está hecha, pero el reparto de costes todavía no está disponible.",
  "book.conflictTitle": "Ese hueco está ocupado",
  "book.conflictBooking": "Reservado",
  "book.alternativesTitle": "Alternativas libres: resérvalas con un clic",
  "book.noAlternatives": "No hay ninguna alternativa libre cerca. Prueba otro día.",
  "book.bookThis": "Reservar esta",
  "book.seriesReportTitle": "Tus fechas",
  "book.seriesReportSummary": "{ok} de {total} fechas están libres.",
  "book.seriesConfirm": "Confirmar las fechas libres",
  "book.seriesCreated": "{count} reservas hechas",
  "book.seriesUnavailable": "Las reservas periódicas todavía no están disponibles. Reserva las fechas una a una.",
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
  "mine.feeUnknown": "Se aplica la política de cancelación del recurso.",
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
  "inbox.seriesUnavailable": "Todavía no se puede decidir una serie entera; decide cada fecha.",

  "consent.docTitle": "Repartos de coste · Sinergia",
  "consent.title": "Repartos de coste",
  "consent.subtitle": "Otras empresas proponen que la tuya pague parte de una reserva. Acepta o rechaza.",
  "consent.feature": "Las propuestas de reparto de coste",
  "consent.empty": "Nada que decidir",
  "consent.emptyBody": "Aquí aparecen las propuestas para repartir el coste de una reserva.",
  "consent.proposedBy": "Propuesto por {member} · {payer} paga con peso {weight}",
  "consent.accept": "Aceptar",
  "consent.decline": "Rechazar",

  "accounting.docTitle": "Contabilidad · Sinergia",
  "accounting.title": "Contabilidad",
  "accounting.subtitle": "Periodos de facturación, extractos por empresa y exportaciones.",
  "accounting.feature": "Los periodos de facturación y los extractos",
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
  "accounting.csv": "Descargar CSV",
  "accounting.xlsx": "Descargar XLSX",

  "nav.insights": "Indicadores",
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
  "insights.utilisationHelp": "Horas reservadas (aprobadas y completadas) frente a horas abiertas, sin cierres. Clúster: {percent} ({booked} de {open} h).",
  "insights.utilisationPct": "Utilización (%)",
  "insights.asset": "Recurso",
  "insights.openHours": "Horas abiertas",
  "insights.bookedHours": "Horas reservadas",
  "insights.heatmap": "Ocupación por día y hora",
  "insights.heatmapHelp": "Parte del tiempo abierto que está reservada, en la hora local de cada recurso; en gris, cerrado.",
  "insights.mon": "lun",
  "insights.tue": "mar",
  "insights.wed": "mié",
  "insights.thu": "jue",
  "insights.fri": "vie",
  "insights.sat": "sáb",
  "insights.sun": "dom",
  "insights.usage": "Uso frente a cuota justa",
  "insights.usageHelp": "Parte de cada empresa en las {hours} horas reservadas del clúster, frente a la cuota justa acordada.",
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
  "insights.savingsHelp": "Lo que costarían las mismas horas en un recurso comparable alquilado por separado, menos lo que pagó la empresa; por moneda.",
  "insights.noRates": "No hay tarifas fuera del clúster para estos recursos.",
  "insights.standalone": "Coste por separado",
  "insights.savingsColumn": "Ahorro",
  "insights.withheld": "Cifras del clúster no mostradas.",
  "insights.openHoursHelp": "Horas abiertas por recurso, sin cierres.",
  "insights.ownFiguresHelp": "Las cifras de tu empresa frente a su cuota justa.",

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

export const dictionaries: Record<Language, Partial<Record<string, string>>> = { en, es };

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

export function t(key: MessageKey, params?: Params): string {
  return translate(current, key, params);
}
