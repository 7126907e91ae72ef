// Small JSON client for the Django API: same-origin session cookie, CSRF
// header on unsafe methods, Accept-Language from the UI language, and
// uniform ApiError for every failure.

import { getLanguage, t } from "./i18n";

export const API_BASE = "/api/v1";
const CSRF_COOKIE = "csrftoken";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: FieldErrors;
  readonly body: unknown;

  constructor(status: number, code: string, message: string, fieldErrors: FieldErrors = {}, body?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.body = body;
  }

  /** Errors for one form field (empty array if none). */
  field(name: string): string[] {
    return this.fieldErrors[name] ?? [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toMessages(value: unknown): string[] {
  if (typeof value === "string") return value ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(toMessages);
  return [];
}

function collectFieldErrors(value: Record<string, unknown>, prefix: string, out: FieldErrors): void {
  for (const [key, raw] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isRecord(raw)) {
      collectFieldErrors(raw, name, out); // nested serializer errors
      continue;
    }
    const messages = toMessages(raw);
    if (messages.length) out[name] = messages;
  }
}

function fallbackMessage(status: number): string {
  if (status === 0) return t("error.network");
  if (status >= 500) return t("error.server", { status });
  if (status === 403) return t("error.forbidden");
  if (status === 404) return t("error.notFound");
  return t("error.generic", { status });
}

function fallbackCode(status: number): string {
  if (status === 0) return "network_error";
  if (status >= 500) return "server_error";
  if (status === 403) return "permission_denied";
  if (status === 404) return "not_found";
  return "error";
}

/**
 * Build an ApiError from a response status and its (already decoded) body.
 * Handles `{"detail", "code"}`, DRF field errors (`{"field": [...],
 * "non_field_errors": [...]}`), a bare list of messages, and non-JSON bodies
 * (pass the raw text or null).
 */
export function parseApiError(status: number, body: unknown): ApiError {
  const fieldErrors: FieldErrors = {};
  let detail: string | undefined;
  let code: string | undefined;

  if (isRecord(body)) {
    const { detail: rawDetail, code: rawCode, ...rest } = body;
    detail = toMessages(rawDetail).join(" ") || undefined;
    if (typeof rawCode === "string" && rawCode) code = rawCode;
    collectFieldErrors(rest, "", fieldErrors);
  } else if (Array.isArray(body)) {
    const messages = toMessages(body);
    if (messages.length) fieldErrors.non_field_errors = messages;
  }
  // Any other body (HTML error page, plain text, null) carries no usable detail.

  const nonField = fieldErrors.non_field_errors ?? [];
  const hasFieldErrors = Object.keys(fieldErrors).some((key) => key !== "non_field_errors");

  const message =
    detail ??
    (nonField.length ? nonField.join(" ") : undefined) ??
    (hasFieldErrors ? t("error.validation") : fallbackMessage(status));

  if (!code) {
    code = hasFieldErrors || nonField.length ? "invalid" : fallbackCode(status);
  }
  return new ApiError(status, code, message, fieldErrors, body);
}

export function getCookie(name: string): string | null {
  if (typeof document === "undefined") return null;
  for (const part of document.cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

// Token from the /auth/csrf/ body, used only if the cookie cannot be read.
let csrfFromBody: string | null = null;

async function fetchCsrfToken(): Promise<string | null> {
  const data = await request<{ csrfToken?: string }>("GET", "/auth/csrf/");
  csrfFromBody = data?.csrfToken ?? null;
  return getCookie(CSRF_COOKIE) ?? csrfFromBody;
}

/** Forget the token and ask the server for a new one (after a CSRF refusal: the cookie was cleared or rotated). */
export async function refreshCsrfToken(): Promise<void> {
  csrfFromBody = null;
  await fetchCsrfToken();
}

export async function csrfToken(): Promise<string | null> {
  return getCookie(CSRF_COOKIE) ?? csrfFromBody ?? (await fetchCsrfToken());
}

/** Called when the API reports that the session is gone (set by the app). */
let unauthenticatedHandler: ((error: ApiError) => void) | null = null;
export function onUnauthenticated(handler: ((error: ApiError) => void) | null): void {
  unauthenticatedHandler = handler;
}

export function isNotAuthenticated(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    (error.status === 401 ||
      (error.status === 403 && (error.code === "not_authenticated" || error.code === "authentication_failed")))
  );
}

export function isCsrfFailure(error: ApiError): boolean {
  return error.status === 403 && /csrf/i.test(`${error.code} ${error.message}`);
}

export async function decode(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One same-origin JSON call: language, CSRF token on writes, the body as JSON. A network failure is an
 * ApiError with status 0. Shared by the API client below and the sign-in client (allauth.ts). */
export async function sendJson(
  url: string,
  method: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Accept-Language": getLanguage(),
    ...extraHeaders,
  };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (UNSAFE.has(method)) {
    const token = await csrfToken();
    if (token) headers["X-CSRFToken"] = token;
  }
  try {
    return await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw parseApiError(0, null);
  }
}

async function request<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
  const response = await sendJson(`${API_BASE}${path}`, method, body);
  const data = response.status === 204 ? null : await decode(response);
  if (response.ok) return data as T;

  const error = parseApiError(response.status, data);
  if (UNSAFE.has(method) && !retried && isCsrfFailure(error)) {
    await refreshCsrfToken(); // stale or missing: get a fresh one and retry once
    return request<T>(method, path, body, true);
  }
  if (isNotAuthenticated(error) && unauthenticatedHandler) unauthenticatedHandler(error);
  throw error;
}

export const apiGet = <T>(path: string) => request<T>("GET", path);
export const apiPost = <T>(path: string, body?: unknown) => request<T>("POST", path, body);
export const apiPut = <T>(path: string, body?: unknown) => request<T>("PUT", path, body);
export const apiPatch = <T>(path: string, body?: unknown) => request<T>("PATCH", path, body);
export const apiDelete = <T = null>(path: string) => request<T>("DELETE", path);

/** Test helper: forget the cached CSRF token. */
export function resetCsrfCache(): void {
  csrfFromBody = null;
}
