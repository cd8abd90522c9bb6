/**
 * Status logic for the home page's live status panel.
 *
 * `probeHealth` performs one request against the backend's health endpoint and
 * reduces everything that can happen (a JSON answer, a non-JSON answer, a
 * network error, a timeout) to a plain `HealthProbe` value. `interpretProbe`
 * is a pure function from that value to what the panel shows, so the mapping
 * can be unit-tested without a network or a DOM.
 */

/** Same-origin, relative URL: the gateway routes /api/* to the backend and strips /api. */
export const HEALTH_URL = "/api/health";
export const REFRESH_INTERVAL_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 5_000;

export type PanelState = "loading" | "healthy" | "degraded" | "down";
export type BackendState = "unknown" | "up" | "down";
export type DatabaseState = "unknown" | "connected" | "disconnected";

/** The raw outcome of one health request. */
export type HealthProbe =
  | { kind: "response"; httpStatus: number; body: unknown; isJson: boolean }
  | { kind: "network-error"; message: string }
  | { kind: "timeout"; timeoutMs: number };

/** What the status panel renders. */
export interface HealthView {
  state: PanelState;
  backend: BackendState;
  database: DatabaseState;
  /** One sentence for humans. */
  message: string;
  /** Backend version, when the backend reported one. */
  version?: string;
  /** Backend timestamp of the answer, when the backend reported one. */
  timestamp?: string;
}

export const LOADING_VIEW: HealthView = {
  state: "loading",
  backend: "unknown",
  database: "unknown",
  message: "Checking the backend…",
};

interface HealthBody {
  status?: unknown;
  database?: unknown;
  timestamp?: unknown;
  version?: unknown;
}

function isRecord(value: unknown): value is HealthBody {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function down(message: string): HealthView {
  return { state: "down", backend: "down", database: "unknown", message };
}

/** Maps the outcome of one health request to the panel's state. Pure. */
export function interpretProbe(probe: HealthProbe): HealthView {
  if (probe.kind === "network-error") {
    return down("The backend is unreachable (network error).");
  }
  if (probe.kind === "timeout") {
    return down(`The backend did not answer within ${Math.round(probe.timeoutMs / 1000)} s.`);
  }

  const { httpStatus, body, isJson } = probe;

  if (httpStatus === 502 || httpStatus === 504) {
    return down(`The backend is down (the gateway answered HTTP ${httpStatus}).`);
  }
  if (!isJson || !isRecord(body)) {
    return down(`The backend gave an unexpected answer (HTTP ${httpStatus}, not JSON).`);
  }

  const version = optionalString(body.version);
  const timestamp = optionalString(body.timestamp);
  const extra = { ...(version ? { version } : {}), ...(timestamp ? { timestamp } : {}) };

  if (httpStatus === 200 && body.status === "healthy" && body.database === "connected") {
    return {
      state: "healthy",
      backend: "up",
      database: "connected",
      message: "All systems operational.",
      ...extra,
    };
  }

  // The backend answered in its own format but reports a problem: it is up,
  // and (for the documented 503 answer) its database is disconnected.
  if ((httpStatus === 200 || httpStatus === 503) && body.status === "degraded") {
    const database: DatabaseState = body.database === "connected" ? "connected" : "disconnected";
    return {
      state: "degraded",
      backend: "up",
      database,
      message:
        database === "disconnected"
          ? "The backend is up, but its database is disconnected."
          : "The backend reports a degraded state.",
      ...extra,
    };
  }
  if (httpStatus === 200 && body.database === "disconnected") {
    return {
      state: "degraded",
      backend: "up",
      database: "disconnected",
      message: "The backend is up, but its database is disconnected.",
      ...extra,
    };
  }

  return down(`The backend gave an unexpected answer (HTTP ${httpStatus}).`);
}

function isAbortError(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "name" in error &&
    (error.name === "AbortError" || error.name === "TimeoutError")
  );
}

export interface ProbeOptions {
  url?: string;
  timeoutMs?: number;
  /** Aborts the request from outside (e.g. when the component unmounts). */
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

/**
 * Requests the health endpoint once, with a timeout, and never throws except
 * when aborted through `options.signal` (the caller is going away).
 */
export async function probeHealth(options: ProbeOptions = {}): Promise<HealthProbe> {
  const {
    url = HEALTH_URL,
    timeoutMs = REQUEST_TIMEOUT_MS,
    signal,
    fetchImpl = globalThis.fetch.bind(globalThis),
  } = options;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = () => controller.abort();
  signal?.addEventListener("abort", onOuterAbort, { once: true });

  try {
    const response = await fetchImpl(url, {
      cache: "no-store",
      headers: { Accept: "application/json" },
      signal: controller.signal,
    });
    const text = await response.text();
    let body: unknown = undefined;
    let isJson = false;
    try {
      body = JSON.parse(text);
      isJson = true;
    } catch {
      // Not JSON: an HTML error page from a proxy, an empty body, …
    }
    return { kind: "response", httpStatus: response.status, body, isJson };
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timedOut || isAbortError(error)) return { kind: "timeout", timeoutMs };
    return {
      kind: "network-error",
      message: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onOuterAbort);
  }
}
