import { describe, expect, test } from "bun:test";

import {
  HEALTH_URL,
  LOADING_VIEW,
  interpretProbe,
  probeHealth,
  type HealthProbe,
} from "./health-status";

const HEALTHY_BODY = {
  status: "healthy",
  database: "connected",
  timestamp: "2026-01-01T00:00:00Z",
  version: "1.2.3",
};
const DEGRADED_BODY = { status: "degraded", database: "disconnected" };

function json(httpStatus: number, body: unknown): HealthProbe {
  return { kind: "response", httpStatus, body, isJson: true };
}

describe("interpretProbe", () => {
  test("200 healthy + connected → healthy, with version and timestamp", () => {
    expect(interpretProbe(json(200, HEALTHY_BODY))).toEqual({
      state: "healthy",
      backend: "up",
      database: "connected",
      message: "All systems operational.",
      version: "1.2.3",
      timestamp: "2026-01-01T00:00:00Z",
    });
  });

  test("healthy without version/timestamp omits them", () => {
    const view = interpretProbe(json(200, { status: "healthy", database: "connected" }));
    expect(view.state).toBe("healthy");
    expect(view).not.toHaveProperty("version");
    expect(view).not.toHaveProperty("timestamp");
  });

  test("503 degraded + disconnected → degraded: backend up, database disconnected", () => {
    const view = interpretProbe(json(503, DEGRADED_BODY));
    expect(view.state).toBe("degraded");
    expect(view.backend).toBe("up");
    expect(view.database).toBe("disconnected");
    expect(view.message).toContain("database is disconnected");
  });

  test("200 whose database is disconnected is degraded, not healthy", () => {
    const view = interpretProbe(json(200, { status: "healthy", database: "disconnected" }));
    expect(view.state).toBe("degraded");
    expect(view.database).toBe("disconnected");
  });

  test.each([502, 504])("gateway %d → down even with a JSON body", (status) => {
    const view = interpretProbe(json(status, { message: "upstream error" }));
    expect(view).toEqual({
      state: "down",
      backend: "down",
      database: "unknown",
      message: `The backend is down (the gateway answered HTTP ${status}).`,
    });
  });

  test("non-JSON answer (e.g. an HTML error page) → down", () => {
    const view = interpretProbe({
      kind: "response",
      httpStatus: 200,
      body: undefined,
      isJson: false,
    });
    expect(view.state).toBe("down");
    expect(view.message).toContain("not JSON");
  });

  test("503 without the backend's JSON (proxy 'no healthy upstream') → down", () => {
    const view = interpretProbe({
      kind: "response",
      httpStatus: 503,
      body: undefined,
      isJson: false,
    });
    expect(view.state).toBe("down");
  });

  test.each([
    ["JSON array", json(200, [1, 2])],
    ["JSON null", json(200, null)],
    ["JSON string", json(200, "ok")],
  ])("%s → down", (_label, probe) => {
    expect(interpretProbe(probe).state).toBe("down");
  });

  test("unexpected status with JSON (404 from a misrouted /api) → down with the status", () => {
    const view = interpretProbe(json(404, { detail: "Not Found" }));
    expect(view.state).toBe("down");
    expect(view.message).toContain("HTTP 404");
  });

  test("500 claiming healthy is not trusted → down", () => {
    expect(interpretProbe(json(500, HEALTHY_BODY)).state).toBe("down");
  });

  test("network error → down", () => {
    const view = interpretProbe({ kind: "network-error", message: "Failed to fetch" });
    expect(view.state).toBe("down");
    expect(view.backend).toBe("down");
    expect(view.message).toContain("unreachable");
  });

  test("timeout → down, naming the timeout", () => {
    const view = interpretProbe({ kind: "timeout", timeoutMs: 5000 });
    expect(view.state).toBe("down");
    expect(view.message).toBe("The backend did not answer within 5 s.");
  });

  test("the loading view is neither healthy nor down", () => {
    expect(LOADING_VIEW.state).toBe("loading");
    expect(LOADING_VIEW.backend).toBe("unknown");
    expect(LOADING_VIEW.database).toBe("unknown");
  });
});

type FetchArgs = [input: string | URL | Request, init?: RequestInit];

function fakeFetch(handler: (...args: FetchArgs) => Promise<Response>) {
  const calls: FetchArgs[] = [];
  const impl = ((...args: FetchArgs) => {
    calls.push(args);
    return handler(...args);
  }) as typeof fetch;
  return { impl, calls };
}

/** A fetch that never answers, but rejects like the real one when aborted. */
function hangingFetch() {
  return fakeFetch(
    (_input, init) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () =>
          reject(new DOMException("The operation was aborted.", "AbortError")),
        );
      }),
  );
}

describe("probeHealth", () => {
  test("requests the relative same-origin URL, uncached, asking for JSON", async () => {
    const fetch = fakeFetch(async () => Response.json(HEALTHY_BODY));
    const probe = await probeHealth({ fetchImpl: fetch.impl });
    expect(probe).toEqual({ kind: "response", httpStatus: 200, body: HEALTHY_BODY, isJson: true });
    expect(fetch.calls).toHaveLength(1);
    const [input, init] = fetch.calls[0]!;
    expect(input).toBe("/api/health");
    expect(HEALTH_URL).toBe("/api/health");
    expect(init?.cache).toBe("no-store");
    expect(new Headers(init?.headers).get("accept")).toBe("application/json");
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  test("keeps the status and JSON body of a 503", async () => {
    const fetch = fakeFetch(async () => Response.json(DEGRADED_BODY, { status: 503 }));
    expect(await probeHealth({ fetchImpl: fetch.impl })).toEqual(json(503, DEGRADED_BODY));
  });

  test("marks an HTML 502 page as not JSON", async () => {
    const fetch = fakeFetch(
      async () =>
        new Response("<html><body>502 Bad Gateway</body></html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
    );
    expect(await probeHealth({ fetchImpl: fetch.impl })).toEqual({
      kind: "response",
      httpStatus: 502,
      body: undefined,
      isJson: false,
    });
  });

  test("maps a rejected fetch to a network error", async () => {
    const fetch = fakeFetch(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await probeHealth({ fetchImpl: fetch.impl })).toEqual({
      kind: "network-error",
      message: "Failed to fetch",
    });
  });

  test("aborts a request that outlives the timeout and reports a timeout", async () => {
    const fetch = hangingFetch();
    const started = performance.now();
    const probe = await probeHealth({ fetchImpl: fetch.impl, timeoutMs: 30 });
    expect(probe).toEqual({ kind: "timeout", timeoutMs: 30 });
    expect(fetch.calls[0]![1]?.signal?.aborted).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("rethrows when the caller aborts (component unmounted)", async () => {
    const fetch = hangingFetch();
    const caller = new AbortController();
    const pending = probeHealth({
      fetchImpl: fetch.impl,
      timeoutMs: 10_000,
      signal: caller.signal,
    });
    caller.abort();
    await expect(pending).rejects.toThrow();
    expect(fetch.calls[0]![1]?.signal?.aborted).toBe(true);
  });
});
