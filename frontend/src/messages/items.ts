import { registerMessages } from "../i18n";

// UI strings of consumables and add-ons: the Book page's item quantities, the booking page's items (estimated and
// actual) and the managers' items per asset (same keys in both languages).

export const en = {
  "items.title": "Consumables and add-ons",
  "items.bookHint": "Estimate what you will use; you confirm the actual quantities after use.",
  "items.quantityFor": "Quantity of {name}",
  "items.unitPrice": "{price} per {unit}",
  "items.unitPriceNoUnit": "{price} each",
  "items.estimate": "Items: {amount} + VAT",
  "items.item": "Item",
  "items.estimated": "Estimated",
  "items.actual": "Actual",
  "items.lineTotal": "Total",
  "items.notConfirmed": "not confirmed",
  "items.total": "Items in all (VAT included): {amount}",
  "items.confirmHint": "After use: enter the quantities actually used. A payer whose share grows is asked again.",
  "items.changeHint": "Before the start you can change the estimates.",
  "items.actualFor": "Actual quantity of {name}",
  "items.estimatedFor": "Estimated quantity of {name}",
  "items.save": "Save quantities",
  "items.saved": "Quantities saved.",
  "items.manageTitle": "Consumables and add-ons",
  "items.manageIntro":
    "Items a booking of this asset can add, at a unit price in the asset's price currency plus its VAT. Leave the stock empty for unlimited.",
  "items.name": "Name",
  "items.unit": "Unit (e.g. bottle)",
  "items.price": "Unit price",
  "items.stock": "Stock",
  "items.active": "Offered",
  "items.add": "Add item",
  "items.none": "No items yet.",
  "items.unlimited": "unlimited",
  "items.edit": "Save",
  "items.invalidPrice": "Enter a price such as 0.37.",
  "items.invalidStock": "Enter a whole number, or leave it empty.",
};

export const es: Record<keyof typeof en, string> = {
  "items.title": "Consumibles y extras",
  "items.bookHint": "Calcule lo que usará; confirmará las cantidades reales después del uso.",
  "items.quantityFor": "Cantidad de {name}",
  "items.unitPrice": "{price} por {unit}",
  "items.unitPriceNoUnit": "{price} cada uno",
  "items.estimate": "Consumibles: {amount} + IVA",
  "items.item": "Artículo",
  "items.estimated": "Estimado",
  "items.actual": "Real",
  "items.lineTotal": "Total",
  "items.notConfirmed": "sin confirmar",
  "items.total": "Consumibles en total (IVA incluido): {amount}",
  "items.confirmHint":
    "Después del uso: indique las cantidades realmente usadas. Si la parte de un pagador aumenta, se le vuelve a preguntar.",
  "items.changeHint": "Antes del inicio puede cambiar las estimaciones.",
  "items.actualFor": "Cantidad real de {name}",
  "items.estimatedFor": "Cantidad estimada de {name}",
  "items.save": "Guardar cantidades",
  "items.saved": "Cantidades guardadas.",
  "items.manageTitle": "Consumibles y extras",
  "items.manageIntro":
    "Artículos que una reserva de este recurso puede añadir, a un precio unitario en la moneda de sus precios más su IVA. Deje las existencias vacías si no tienen límite.",
  "items.name": "Nombre",
  "items.unit": "Unidad (p. ej. botella)",
  "items.price": "Precio unitario",
  "items.stock": "Existencias",
  "items.active": "Disponible",
  "items.add": "Añadir artículo",
  "items.none": "Aún no hay artículos.",
  "items.unlimited": "sin límite",
  "items.edit": "Guardar",
  "items.invalidPrice": "Indique un precio como 0,37.",
  "items.invalidStock": "Indique un número entero o déjelo vacío.",
};

registerMessages({ en, es });
