import { registerMessages } from "../i18n";

// UI strings of API tokens (the person's own, and a member admin's view of its people's), merged into the
// dictionaries of ../i18n.ts (same keys in both languages).

export const en = {
  "tokens.title": "API tokens",
  "tokens.intro":
    "A token lets a script or another application use Sinergia as you: send it as “Authorization: Token <key>”.",
  "tokens.name": "Name",
  "tokens.key": "Key",
  "tokens.created": "Created",
  "tokens.lastUsed": "Last used",
  "tokens.never": "Never",
  "tokens.person": "Person",
  "tokens.actions": "Actions",
  "tokens.none": "No API tokens",
  "tokens.noneBody": "Create one below when a script or another application needs to reach Sinergia.",
  "tokens.companyNone": "Nobody in the company has an API token.",
  "tokens.companyTitle": "API tokens of the company's people",
  "tokens.companyIntro": "Revoke a token when the person leaves or the key may have leaked: it stops working at once.",
  "tokens.revoke": "Revoke",
  "tokens.revokeOf": "Revoke the token {name}",
  "tokens.revokeTitle": "Revoke {name}?",
  "tokens.revokeBody": "Whatever uses this key stops working at once. This cannot be undone.",
  "tokens.revokeConfirm": "Revoke the token",
  "tokens.cancel": "Cancel",
  "tokens.revoked": "The token {name} was revoked.",
  "tokens.createTitle": "New token",
  "tokens.namePlaceholder": "e.g. Production spreadsheet",
  "tokens.password": "Your password",
  "tokens.passwordHelp": "Asked again before a new key is made.",
  "tokens.code": "Code from your authenticator app",
  "tokens.codeHelp":
    "Your account has two-factor authentication: type the current code, or one of your recovery codes.",
  "tokens.create": "Create token",
  "tokens.createdTitle": "Token {name} created",
  "tokens.createdBody": "Copy the key now: it is not shown again.",
  "tokens.copy": "Copy",
  "tokens.copied": "Copied.",
} as const;

export const es: Record<keyof typeof en, string> = {
  "tokens.title": "Tokens de API",
  "tokens.intro":
    "Un token permite que un script u otra aplicación use Sinergia en tu nombre: envíalo como «Authorization: Token <clave>».",
  "tokens.name": "Nombre",
  "tokens.key": "Clave",
  "tokens.created": "Creado",
  "tokens.lastUsed": "Último uso",
  "tokens.never": "Nunca",
  "tokens.person": "Persona",
  "tokens.actions": "Acciones",
  "tokens.none": "No hay tokens de API",
  "tokens.noneBody": "Crea uno abajo cuando un script u otra aplicación necesite acceder a Sinergia.",
  "tokens.companyNone": "Nadie de la empresa tiene un token de API.",
  "tokens.companyTitle": "Tokens de API de las personas de la empresa",
  "tokens.companyIntro":
    "Revoca un token cuando la persona se vaya o la clave pueda haberse filtrado: deja de funcionar al momento.",
  "tokens.revoke": "Revocar",
  "tokens.revokeOf": "Revocar el token {name}",
  "tokens.revokeTitle": "¿Revocar {name}?",
  "tokens.revokeBody": "Lo que use esta clave deja de funcionar al momento. No se puede deshacer.",
  "tokens.revokeConfirm": "Revocar el token",
  "tokens.cancel": "Cancelar",
  "tokens.revoked": "Se ha revocado el token {name}.",
  "tokens.createTitle": "Nuevo token",
  "tokens.namePlaceholder": "p. ej. Hoja de cálculo de producción",
  "tokens.password": "Tu contraseña",
  "tokens.passwordHelp": "Se pide de nuevo antes de crear una clave.",
  "tokens.code": "Código de tu aplicación de autenticación",
  "tokens.codeHelp":
    "Tu cuenta tiene verificación en dos pasos: escribe el código actual o uno de tus códigos de recuperación.",
  "tokens.create": "Crear token",
  "tokens.createdTitle": "Token {name} creado",
  "tokens.createdBody": "Copia la clave ahora: no se volverá a mostrar.",
  "tokens.copy": "Copiar",
  "tokens.copied": "Copiada.",
};

registerMessages({ en, es });
