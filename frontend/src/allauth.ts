// Sign-in, password and two-factor calls to django-allauth's headless API (/_allauth/browser/v1/…), with the
// same session cookie, CSRF header and ApiError as the rest of the app. allauth answers errors as
// {"status", "errors": [{"message", "code", "param"}]} and a sign-in that needs another step as 401 with the
// pending flow; both become an ApiError here (a pending second factor: code "mfa_required").

import { ApiError, decode, isCsrfFailure, parseApiError, refreshCsrfToken, sendJson, type FieldErrors } from "./api";

export const AUTH_BASE = "/_allauth/browser/v1";

interface AllauthError {
  message: string;
  code?: string;
  param?: string;
}

interface AllauthFlow {
  id: string;
  is_pending?: boolean;
}

export interface AllauthBody {
  status: number;
  data?: { flows?: AllauthFlow[]; [key: string]: unknown };
  meta?: { is_authenticated?: boolean; [key: string]: unknown };
  errors?: AllauthError[];
}

/** A sign-in whose password was right and that now waits for the second factor. */
export const MFA_REQUIRED = "mfa_required";

function isAllauthBody(body: unknown): body is AllauthBody {
  return typeof body === "object" && body !== null && "status" in body;
}

/** allauth's error list → ApiError with field errors by `param` (the rest joined as the message). */
export function allauthError(status: number, body: unknown): ApiError {
  if (!isAllauthBody(body)) return parseApiError(status, body);
  const errors = body.errors ?? [];
  if (status === 401 && body.data?.flows?.some((flow) => flow.id === "mfa_authenticate" && flow.is_pending))
    return new ApiError(401, MFA_REQUIRED, "", {}, body);
  const fieldErrors: FieldErrors = {};
  // A wrong password is about the pair, not the field: it goes in the form's message.
  const onField = (error: AllauthError) => error.param && !error.code?.endsWith("_password_mismatch");
  for (const error of errors) if (onField(error)) (fieldErrors[error.param!] ??= []).push(error.message);
  const general = errors.filter((error) => !onField(error)).map((error) => error.message);
  const message = general.join(" ") || errors.map((error) => error.message).join(" ");
  if (!message) {
    const plain = parseApiError(status, null); // keeps the body: a 404 for TOTP carries the key to set up
    return new ApiError(status, plain.code, plain.message, {}, body);
  }
  return new ApiError(status, errors[0]?.code ?? "invalid", message, fieldErrors, body);
}

/** One call to allauth; resolves with the body of a 2xx answer, rejects with an ApiError for anything else. */
export async function authRequest(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
  retried = false,
): Promise<AllauthBody> {
  const response = await sendJson(`${AUTH_BASE}${path}`, method, body, extraHeaders);
  const data = await decode(response);
  if (response.ok) return (data ?? { status: response.status }) as AllauthBody;
  const error = allauthError(response.status, data);
  if (method !== "GET" && !retried && isCsrfFailure(error)) {
    await refreshCsrfToken(); // the cookie went with the session: a fresh token, then once more
    return authRequest(method, path, body, extraHeaders, true);
  }
  throw error;
}

/** Sign in with a username or an e-mail address. Rejects with code "mfa_required" when a code is needed next. */
export async function signIn(login: string, password: string): Promise<void> {
  const credentials = login.includes("@") ? { email: login, password } : { username: login, password };
  try {
    await authRequest("POST", "/auth/login", credentials);
  } catch (error) {
    // 409: already signed in (another tab); the session is fine.
    if (!(error instanceof ApiError && error.status === 409)) throw error;
  }
}

/** The second step of a sign-in: a code from the authenticator app, or a recovery code. */
export async function confirmSecondFactor(code: string): Promise<void> {
  await authRequest("POST", "/auth/2fa/authenticate", { code });
}

/** End the session. allauth answers 401 (no one signed in) when it is done. */
export async function signOut(): Promise<void> {
  try {
    await authRequest("DELETE", "/auth/session");
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
}
