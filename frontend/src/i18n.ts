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

  "home.docTitle": "Home · Sinergia",
  "home.welcome": "Welcome, {name}",
  "home.badge": "Coming soon",
  "home.comingTitle": "The booking calendar is on its way",
  "home.comingBody":
    "Soon you'll be able to check availability and book the cluster's sound stages, fermentation cellars and other shared assets right here.",
  "home.featureAvailability": "See at a glance which assets are free, and when",
  "home.featureBooking": "Book for your company in a few clicks",
  "home.featureHistory": "Keep track of your company's upcoming and past bookings",
  "home.membershipsTitle": "Your memberships",
  "home.noMemberships":
    "You don't belong to any member company yet. Ask your cluster administrator to add you.",
  "home.clusterRolesTitle": "Your roles in the cluster",

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

  "home.docTitle": "Inicio · Sinergia",
  "home.welcome": "Hola, {name}",
  "home.badge": "Próximamente",
  "home.comingTitle": "El calendario de reservas está en camino",
  "home.comingBody":
    "Muy pronto podrás consultar la disponibilidad y reservar aquí los platós, las bodegas de fermentación y el resto de recursos compartidos del clúster.",
  "home.featureAvailability": "Ver de un vistazo qué recursos están libres y cuándo",
  "home.featureBooking": "Reservar para tu empresa en pocos clics",
  "home.featureHistory": "Seguir las reservas próximas y pasadas de tu empresa",
  "home.membershipsTitle": "Tus empresas",
  "home.noMemberships":
    "Todavía no tienes ninguna empresa socia asignada. Pide a la administración del clúster que te añada.",
  "home.clusterRolesTitle": "Tus roles en el clúster",

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
