import { describe, expect, test } from "bun:test";

import { REQUEST_ID_HEADER, backendHeaders, chooseRequestId, trustedProxies } from "./request-id";

const TRUSTED = trustedProxies("203.0.113.7, 10.0.0.0/8,fd00::/8");

function choose(headers: Record<string, string>): string {
  return chooseRequestId(new Headers(headers), TRUSTED);
}

describe("chooseRequestId", () => {
  test("makes a new 32-hex ID when none arrives, a different one each time", () => {
    const [a, b] = [choose({}), choose({})];
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });

  test.each([
    [{ [REQUEST_ID_HEADER]: "abc-1" }, true],
    [{ [REQUEST_ID_HEADER]: "abc-1", "X-Forwarded-For": "198.51.100.2, 203.0.113.7" }, true],
    [{ [REQUEST_ID_HEADER]: "abc-1", "X-Forwarded-For": "198.51.100.2, 10.1.2.3" }, true],
    [{ [REQUEST_ID_HEADER]: "abc-1", "X-Forwarded-For": "fd00::5" }, true],
    [{ [REQUEST_ID_HEADER]: "abc-1", "X-Forwarded-For": "198.51.100.2" }, false],
    [{ [REQUEST_ID_HEADER]: "abc-1", "X-Forwarded-For": "203.0.113.7, 198.51.100.2" }, false],
    [{ [REQUEST_ID_HEADER]: "abc-1", "X-Forwarded-For": "not-an-address" }, false],
    [{ [REQUEST_ID_HEADER]: 'a b"c' }, false],
    [{ [REQUEST_ID_HEADER]: "x".repeat(129) }, false],
  ])("%p kept: %p", (headers, kept) => {
    expect(choose(headers) === headers[REQUEST_ID_HEADER]).toBe(kept);
  });

  test("no TRUSTED_PROXIES: only direct callers are believed", () => {
    const none = trustedProxies(undefined);
    const through = new Headers({ [REQUEST_ID_HEADER]: "abc-1", "X-Forwarded-For": "203.0.113.7" });
    expect(chooseRequestId(through, none)).not.toBe("abc-1");
  });
});

test("backendHeaders passes the request's ID on, beside the call's own headers", () => {
  const incoming = new Headers({ [REQUEST_ID_HEADER]: "abc-1", Cookie: "session=x" });
  const out = backendHeaders(incoming, { Accept: "application/json" });
  expect(out.get(REQUEST_ID_HEADER)).toBe("abc-1");
  expect(out.get("Accept")).toBe("application/json");
  expect(out.get("Cookie")).toBeNull();
  expect(backendHeaders(new Headers()).has(REQUEST_ID_HEADER)).toBe(false);
});
