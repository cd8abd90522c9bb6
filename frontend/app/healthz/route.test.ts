import { afterEach, describe, expect, spyOn, test } from "bun:test";

import * as route from "./route";

describe("GET /healthz", () => {
  const fetchSpy = spyOn(globalThis, "fetch");
  afterEach(() => fetchSpy.mockClear());

  test("answers 200 {status: ok} as uncached JSON", async () => {
    const response = route.GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("does not call the backend", () => {
    route.GET();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  test("is rendered per request, never prerendered", () => {
    expect(route.dynamic).toBe("force-dynamic");
  });
});
