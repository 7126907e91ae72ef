import { registerMessages } from "../i18n";

// UI strings of the My waitlist page and of "Join the waitlist" in a conflict (same keys in both languages).

export const en = {
  "waitlist.docTitle": "My waitlist · Sinergia",
  "waitlist.title": "My waitlist",
  "waitlist.subtitle":
    "Periods your company waits for. When one is free again it is offered in the order people joined, by e-mail, and held for you for a while.",
  "waitlist.none": "You are not waiting for anything.",
  "waitlist.noneBody": "When a period you want is taken, join its waitlist from the booking page.",
  "waitlist.state.waiting": "Waiting",
  "waitlist.state.offered": "Offered to you",
  "waitlist.state.booked": "Booked",
  "waitlist.state.passed": "Passed to the next",
  "waitlist.state.expired": "Expired",
  "waitlist.state.withdrawn": "Withdrawn",
  "waitlist.joinedAt": "Joined {when}",
  "waitlist.heldUntil": "Held for you until {when}",
  "waitlist.minutesLeft.one": "{count} minute left",
  "waitlist.minutesLeft.other": "{count} minutes left",
  "waitlist.lapsed": "The hold has lapsed.",
  "waitlist.accept": "Book it",
  "waitlist.acceptLabel": "Book it: {asset}, {when}",
  "waitlist.withdraw": "Withdraw",
  "waitlist.withdrawLabel": "Withdraw from the waitlist for {asset}, {when}",
  "waitlist.booked": "Booked: see the booking",
  "waitlist.for": "For {member}",
  "waitlist.join": "Join the waitlist",
  "waitlist.joinHelp": "Wait for this period: if it is freed you get an e-mail and it is held for you for a while.",
  "waitlist.joined": "You are on the waitlist for this period.",
  "waitlist.seeList": "See my waitlist",
};

export const es: Record<keyof typeof en, string> = {
  "waitlist.docTitle": "Mi lista de espera · Sinergia",
  "waitlist.title": "Mi lista de espera",
  "waitlist.subtitle":
    "Los periodos que espera tu empresa. Cuando uno queda libre se ofrece por orden de llegada, por correo, y se te reserva durante un tiempo.",
  "waitlist.none": "No esperas nada.",
  "waitlist.noneBody":
    "Cuando un periodo que quieres está ocupado, apúntate a su lista de espera desde la página de reserva.",
  "waitlist.state.waiting": "En espera",
  "waitlist.state.offered": "Ofrecido a ti",
  "waitlist.state.booked": "Reservado",
  "waitlist.state.passed": "Pasó al siguiente",
  "waitlist.state.expired": "Caducado",
  "waitlist.state.withdrawn": "Retirado",
  "waitlist.joinedAt": "Apuntado {when}",
  "waitlist.heldUntil": "Reservado para ti hasta {when}",
  "waitlist.minutesLeft.one": "Queda {count} minuto",
  "waitlist.minutesLeft.other": "Quedan {count} minutos",
  "waitlist.lapsed": "La reserva temporal ha caducado.",
  "waitlist.accept": "Reservarlo",
  "waitlist.acceptLabel": "Reservarlo: {asset}, {when}",
  "waitlist.withdraw": "Retirarse",
  "waitlist.withdrawLabel": "Retirarse de la lista de espera de {asset}, {when}",
  "waitlist.booked": "Reservado: ver la reserva",
  "waitlist.for": "Para {member}",
  "waitlist.join": "Apuntarse a la lista de espera",
  "waitlist.joinHelp": "Espera este periodo: si se libera recibirás un correo y se te reservará durante un tiempo.",
  "waitlist.joined": "Estás en la lista de espera de este periodo.",
  "waitlist.seeList": "Ver mi lista de espera",
};

registerMessages({ en, es });
