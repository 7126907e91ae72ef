import { registerMessages } from "../i18n";

// UI strings of the day of use (check-in, check-out, the kiosk), merged into the dictionaries of ../i18n.ts.

export const en = {
  "dayuse.checkIn": "Check in",
  "dayuse.checkOut": "Check out",
  "dayuse.checkedIn": "Checked in at {time}.",
  "dayuse.checkedOut": "Checked out at {time}.",
  "dayuse.opensAt": "Check-in opens at {time}.",
  "dayuse.checkedInFact": "Checked in",
  "dayuse.checkedOutFact": "Checked out",
  "dayuse.usedPrice": "Price of the time used",
  "dayuse.kioskTitle": "Check-in · {asset}",
  "dayuse.kioskDocTitle": "Kiosk",
  "dayuse.kioskToday": "Today",
  "dayuse.kioskNow": "Now",
  "dayuse.kioskNext": "Next",
  "dayuse.kioskFree": "Free now.",
  "dayuse.kioskNothing": "No more bookings today.",
  "dayuse.kioskNotYours": "Only the booker, its company's admin or the asset's managers can check in to this booking.",
  "dayuse.kioskZone": "Times in {zone}.",
  "dayuse.kioskPrint": "Door sign with a QR code",
  "dayuse.kioskPrintNow": "Print",
  "dayuse.kioskQr": "Scan to check in to the current booking of {asset}",
  "dayuse.kioskNotFound": "This asset does not exist.",
  "status.checked_in": "Checked in",
};

export const es: Record<keyof typeof en, string> = {
  "dayuse.checkIn": "Registrar entrada",
  "dayuse.checkOut": "Registrar salida",
  "dayuse.checkedIn": "Entrada registrada a las {time}.",
  "dayuse.checkedOut": "Salida registrada a las {time}.",
  "dayuse.opensAt": "El registro de entrada se abre a las {time}.",
  "dayuse.checkedInFact": "Entrada",
  "dayuse.checkedOutFact": "Salida",
  "dayuse.usedPrice": "Precio del tiempo usado",
  "dayuse.kioskTitle": "Entrada · {asset}",
  "dayuse.kioskDocTitle": "Quiosco",
  "dayuse.kioskToday": "Hoy",
  "dayuse.kioskNow": "Ahora",
  "dayuse.kioskNext": "Siguiente",
  "dayuse.kioskFree": "Libre ahora.",
  "dayuse.kioskNothing": "No hay más reservas hoy.",
  "dayuse.kioskNotYours":
    "Solo quien reservó, el administrador de su empresa o los gestores del recurso pueden registrar la entrada de esta reserva.",
  "dayuse.kioskZone": "Horas en {zone}.",
  "dayuse.kioskPrint": "Cartel de la puerta con código QR",
  "dayuse.kioskPrintNow": "Imprimir",
  "dayuse.kioskQr": "Escanea para registrar la entrada de la reserva en curso de {asset}",
  "dayuse.kioskNotFound": "Este recurso no existe.",
  "status.checked_in": "Entrada registrada",
};

registerMessages({ en, es });
