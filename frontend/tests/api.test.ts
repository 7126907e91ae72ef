import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, apiGet, apiPost, getCookie, parseApiError, resetCsrfCache } from "../src/api";
import { setLanguage } from "../src/i18n";

function clearCookies(): void {
  for (const part of document.cookie.split(";")) {
    const name = part.split("=")[0].trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

describe("parseApiError", () => {
  it("reads the {detail, code} shape", () => {
    const error = parseApiError(400, { detail: "Invalid username or password.", code: "invalid_credentials" });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_credentials");
    expect(error.message).toBe("Invalid username or password.");
    expect(error.fieldErrors).toEqual({});
  });

  it("reads DRF field errors and uses non_field_errors as the message", () => {
    const error = parseApiError(400, {
      username: ["This field is required."],
      password: "Too short.",
      non_field_errors: ["Unable to log in with provided credentials."],
    });
    expect(error.code).toBe("invalid");
    expect(error.message).toBe("Unable to log in with provided credentials.");
    expect(error.fieldErrors).toEqual({
      username: ["This field is required."],
      password: ["Too short."],
      non_field_errors: ["Unable to log in with provided credentials."],
    });
    expect(error.field("username")).toEqual(["This field is required."]);
    expect(error.field("email")).toEqual([]);
  });

  it("gives a generic validation message for field errors only, and flattens nested ones", () => {
    const error = parseApiError(400, { slot: { start: ["Must be in the future."] }, title: ["Required."] });
    expect(error.message).toBe("Please check the highlighted fields.");
    expect(error.fieldErrors).toEqual({ "slot.start": ["Must be in the future."], title: ["Required."] });
  });

  it("treats a bare list of messages as non-field errors", () => {
    const error = parseApiError(400, ["Booking overlaps another one."]);
    expect(error.message).toBe("Booking overlaps another one.");
    expect(error.fieldErrors).toEqual({ non_field_errors: ["Booking overlaps another one."] });
  });

  it("keeps detail and code even when other keys are present", () => {
    const error = parseApiError(403, {
      detail: "Authentication credentials were not provided.",
      code: "not_authenticated",
    });
    expect(error.code).toBe("not_authenticated");
    expect(error.message).toBe("Authentication credentials were not provided.");
  });

  it.each([
    [
      502,
      "<html><body>Bad gateway</body></html>",
      "server_error",
      "The server had a problem (error 502). Please try again in a moment.",
    ],
    [500, null, "server_error", "The server had a problem (error 500). Please try again in a moment."],
    [404, "Not Found", "not_found", "We couldn't find what you were looking for."],
    [403, "", "permission_denied", "You don't have permission to do that."],
    [418, 42, "error", "Something went wrong (error 418). Please try again."],
    [0, null, "network_error", "Can't reach the server. Check your connection and try again."],
  ])("handles a non-JSON body (status %s)", (status, body, code, message) => {
    const error = parseApiError(status, body);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.fieldErrors).toEqual({});
  });

  it("translates fallback messages", () => {
    setLanguage("es", { persist: false });
    try {
      expect(parseApiError(500, "oops").message).toBe(
        "El servidor ha tenido un problema (error 500). Inténtalo de nuevo en unos instantes.",
      );
    } finally {
      setLanguage("en", { persist: false });
    }
  });
});

describe("fetch client", () => {
  const fetchMock = vi.fn();

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(body === null ? null : JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json", ...headers },
    });

  beforeEach(() => {
    clearCookies();
    resetCsrfCache();
    fetchMock.mockReset();
    vi.stubGlobal("fetch", fetchMock);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setLanguage("en", { persist: false });
  });

  it("GET sends Accept-Language and parses JSON", async () => {
    setLanguage("es", { persist: false });
    fetchMock.mockResolvedValueOnce(json(200, { id: 1, username: "ana" }));
    await expect(apiGet("/me/")).resolves.toEqual({ id: 1, username: "ana" });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe("/api/v1/me/");
    expect(init.method).toBe("GET");
    expect(init.credentials).toBe("same-origin");
    expect(init.headers["Accept-Language"]).toBe("es");
    expect(init.headers["X-CSRFToken"]).toBeUndefined();
  });

  it("POST sends the csrftoken cookie as X-CSRFToken", async () => {
    document.cookie = "csrftoken=abc123; path=/";
    expect(getCookie("csrftoken")).toBe("abc123");
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await expect(apiPost("/auth/logout/")).resolves.toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [, init] = fetchMock.mock.calls[0];
    expect(init.headers["X-CSRFToken"]).toBe("abc123");
  });

  it("fetches /auth/csrf/ first when the cookie is missing", async () => {
    fetchMock
      .mockResolvedValueOnce(json(200, { csrfToken: "fromBody" }))
      .mockResolvedValueOnce(json(200, { ok: true }));
    await apiPost("/auth/login/", { username: "ana", password: "x" });
    expect(fetchMock.mock.calls[0][0]).toBe("/api/v1/auth/csrf/");
    const [url, init] = fetchMock.mock.calls[1];
    expect(url).toBe("/api/v1/auth/login/");
    expect(init.headers["X-CSRFToken"]).toBe("fromBody");
    expect(init.headers["Content-Type"]).toBe("application/json");
    expect(JSON.parse(init.body)).toEqual({ username: "ana", password: "x" });
  });

  it("throws ApiError with the server's detail", async () => {
    document.cookie = "csrftoken=abc123; path=/";
    fetchMock.mockResolvedValueOnce(json(400, { detail: "Wrong password.", code: "invalid_credentials" }));
    const error = await apiPost("/auth/login/", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("invalid_credentials");
    expect((error as ApiError).message).toBe("Wrong password.");
  });

  it("retries once with a fresh token after a CSRF failure", async () => {
    document.cookie = "csrftoken=stale; path=/";
    fetchMock
      .mockResolvedValueOnce(json(403, { detail: "CSRF Failed: CSRF token missing.", code: "permission_denied" }))
      .mockImplementationOnce(async () => {
        document.cookie = "csrftoken=fresh; path=/";
        return json(200, { csrfToken: "fresh" });
      })
      .mockResolvedValueOnce(new Response(null, { status: 204 }));
    await apiPost("/auth/logout/");
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(fetchMock.mock.calls[2][1].headers["X-CSRFToken"]).toBe("fresh");
  });

  it("turns HTML error pages and network failures into ApiError", async () => {
    fetchMock.mockResolvedValueOnce(new Response("<h1>Server Error (500)</h1>", { status: 500 }));
    await expect(apiGet("/me/")).rejects.toMatchObject({ status: 500, code: "server_error" });
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await expect(apiGet("/me/")).rejects.toMatchObject({ status: 0, code: "network_error" });
  });
});
