import { registerMessages } from "../i18n";

// UI strings of technicians and assisted sessions (Book page, booking page, Manage section), merged into the
// dictionaries of ../i18n.ts.

export const en = {
  "operators.choiceTitle": "Operator",
  "operators.included": "A technician operates this asset: one is booked with it for the same time.",
  "operators.ask": "Book an operator (a technician runs the session)",
  "operators.askHint": "A free technician who operates this asset is booked for the same time, at their own rate.",
  "operators.booked": "Operator: {name}",
  "operators.cardTitle": "Operator",
  "operators.technician": "Technician",
  "operators.status": "Status",
  "operators.price": "Operator's price",
  "operators.assists": "This is a technician's booking for another booking; it changes with that booking.",
  "operators.openMain": "Open the main booking",
  "operators.manageTitle": "Operators and technicians",
  "operators.manageIntro":
    "An asset may offer or require an operator: booking it then books a free technician who operates it. A technician is an asset of type staff, with its own hours and prices.",
  "operators.mode": "Operator for bookings of this asset",
  "operators.mode.none": "No operator",
  "operators.mode.optional": "Offered: the booker may ask for one",
  "operators.mode.required": "Required: always booked with it",
  "operators.isStaff": "This asset is a technician (staff)",
  "operators.operates": "Assets this technician operates",
  "operators.holds": "Qualifications this technician holds",
  "operators.noQualifications": "No qualifications defined yet.",
  "operators.save": "Save operators",
  "operators.saved": "Operator settings saved.",
};

const es: Record<keyof typeof en, string> = {
  "operators.choiceTitle": "Operador",
  "operators.included": "Un técnico opera este recurso: se reserva uno con él para la misma hora.",
  "operators.ask": "Reservar un operador (un técnico dirige la sesión)",
  "operators.askHint": "Se reserva para la misma hora un técnico libre que opere este recurso, a su propia tarifa.",
  "operators.booked": "Operador: {name}",
  "operators.cardTitle": "Operador",
  "operators.technician": "Técnico",
  "operators.status": "Estado",
  "operators.price": "Precio del operador",
  "operators.assists": "Esta es la reserva de un técnico para otra reserva; cambia con esa reserva.",
  "operators.openMain": "Abrir la reserva principal",
  "operators.manageTitle": "Operadores y técnicos",
  "operators.manageIntro":
    "Un recurso puede ofrecer o exigir un operador: al reservarlo se reserva también un técnico libre que lo opere. Un técnico es un recurso de tipo personal, con su propio horario y sus precios.",
  "operators.mode": "Operador para las reservas de este recurso",
  "operators.mode.none": "Sin operador",
  "operators.mode.optional": "Ofrecido: quien reserva puede pedirlo",
  "operators.mode.required": "Obligatorio: siempre se reserva con él",
  "operators.isStaff": "Este recurso es un técnico (personal)",
  "operators.operates": "Recursos que opera este técnico",
  "operators.holds": "Cualificaciones que tiene este técnico",
  "operators.noQualifications": "Aún no hay cualificaciones definidas.",
  "operators.save": "Guardar operadores",
  "operators.saved": "Ajustes de operador guardados.",
};

registerMessages({ en, es });
