import { registerMessages } from "../i18n";

// UI strings of bundles (several assets at once): the Book page's extra assets and the booking page's bundle card.

export const en = {
  "bundle.add": "Add another asset",
  "bundle.extraTitle": "Other assets",
  "bundle.extraHelp":
    "Book them together with the first: all or none. Each keeps the date above; change its times to chain them.",
  "bundle.asset": "Asset {n}",
  "bundle.start": "From",
  "bundle.end": "To",
  "bundle.remove": "Remove",
  "bundle.removeLabel": "Remove asset {n}",
  "bundle.noRepeat": "A booking of several assets cannot repeat. Remove the other assets or the repetition.",
  "bundle.submit": "Book all assets",
  "bundle.conflictPart": "Asset {n} ({asset}) cannot be booked then; nothing was booked.",
  "bundle.useThis": "Use this for asset {n}",
  "bundle.successTitle": "All assets booked",
  "bundle.requestedTitle": "Request sent for all assets",
  "bundle.requestedBody": "Each asset's managers approve their part; the bundle is approved when all have.",
  "bundle.title": "Part of a bundle",
  "bundle.status": "Bundle",
  "bundle.total": "Total of the bundle",
  "bundle.parts": "Assets in the bundle",
  "bundle.awaiting": "awaiting approval",
  "bundle.payers": "Who pays the bundle",
  "bundle.moveAll": "Move all",
  "bundle.moveBy": "Move every asset by (minutes)",
  "bundle.moveSubmit": "Move the bundle",
  "bundle.cancelAll": "Cancel the bundle",
  "bundle.cancelConfirm": "Cancel every booking of this bundle?",
  "bundle.partsHelp": "Moving or cancelling acts on every asset of the bundle.",
  "bundle.history.approved": "Approved for the bundle (waiting for the other assets)",
  "bundle.history.cancelled": "Cancelled with the bundle",
};

const es: Record<keyof typeof en, string> = {
  "bundle.add": "Añadir otro recurso",
  "bundle.extraTitle": "Otros recursos",
  "bundle.extraHelp":
    "Se reservan junto con el primero: todos o ninguno. Cada uno usa la fecha de arriba; cambia sus horas para encadenarlos.",
  "bundle.asset": "Recurso {n}",
  "bundle.start": "Desde",
  "bundle.end": "Hasta",
  "bundle.remove": "Quitar",
  "bundle.removeLabel": "Quitar el recurso {n}",
  "bundle.noRepeat": "Una reserva de varios recursos no puede repetirse. Quita los otros recursos o la repetición.",
  "bundle.submit": "Reservar todos los recursos",
  "bundle.conflictPart": "El recurso {n} ({asset}) no se puede reservar entonces; no se ha reservado nada.",
  "bundle.useThis": "Usar esto para el recurso {n}",
  "bundle.successTitle": "Todos los recursos reservados",
  "bundle.requestedTitle": "Solicitud enviada para todos los recursos",
  "bundle.requestedBody":
    "Los responsables de cada recurso aprueban su parte; el conjunto queda aprobado cuando todos lo hacen.",
  "bundle.title": "Parte de un conjunto",
  "bundle.status": "Conjunto",
  "bundle.total": "Total del conjunto",
  "bundle.parts": "Recursos del conjunto",
  "bundle.awaiting": "pendiente de aprobación",
  "bundle.payers": "Quién paga el conjunto",
  "bundle.moveAll": "Mover todo",
  "bundle.moveBy": "Mover todos los recursos (minutos)",
  "bundle.moveSubmit": "Mover el conjunto",
  "bundle.cancelAll": "Cancelar el conjunto",
  "bundle.cancelConfirm": "¿Cancelar todas las reservas de este conjunto?",
  "bundle.partsHelp": "Mover o cancelar afecta a todos los recursos del conjunto.",
  "bundle.history.approved": "Aprobada para el conjunto (a la espera de los otros recursos)",
  "bundle.history.cancelled": "Cancelada con el conjunto",
};

registerMessages({ en, es });
