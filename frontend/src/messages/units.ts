import { registerMessages } from "../i18n";

// UI strings of pooled assets (desks, lockers: units booked apart), merged into the dictionaries of ../i18n.ts.

export const en = {
  "units.free": "{free} of {capacity} free",
  "units.freeHint": "Units free for the whole period; a booking takes any free one.",
  "units.full": "All {capacity} taken in this period",
  "units.unit": "Unit {unit} of {capacity}",
  "units.unitLabel": "Unit",
  "units.capacity": "Units (capacity)",
  "units.capacityHint": "Interchangeable units (desks, lockers); each booking takes one. 1 is a single asset.",
  "units.loading": "Counting free units…",
};

export const es: Record<keyof typeof en, string> = {
  "units.free": "{free} de {capacity} libres",
  "units.freeHint": "Unidades libres durante todo el periodo; una reserva ocupa cualquiera libre.",
  "units.full": "Las {capacity} están ocupadas en este periodo",
  "units.unit": "Unidad {unit} de {capacity}",
  "units.unitLabel": "Unidad",
  "units.capacity": "Unidades (capacidad)",
  "units.capacityHint":
    "Unidades intercambiables (puestos, taquillas); cada reserva ocupa una. 1 es un recurso individual.",
  "units.loading": "Contando unidades libres…",
};

registerMessages({ en, es });
