// Mounts the live panel in a happy-dom window with a fake fetch and checks
// that it polls /api/health, follows the backend through healthy → degraded →
// down, and stops polling when unmounted.
import { GlobalRegistrator } from "@happy-dom/global-registrator";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";

type Answer = () => Promise<Response>;

const realFetch = globalThis.fetch;
let answer: Answer = async () => Response.json({ status: "healthy", database: "connected" });
const requested: string[] = [];

beforeAll(() => {
  GlobalRegistrator.register({ url: "http://frontend.test/" });
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  globalThis.fetch = (async (input: string | URL | Request) => {
    requested.push(String(input));
    return answer();
  }) as typeof fetch;
});

afterAll(async () => {
  await GlobalRegistrator.unregister();
  globalThis.fetch = realFetch;
});

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const { act } = await import("react");
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
}

/** Mounts a StatusPanel in a fresh container; `answer` must be set before. */
async function mount(props: { refreshIntervalMs: number; timeoutMs?: number }) {
  const { act } = await import("react");
  const { createRoot } = await import("react-dom/client");
  const { StatusPanel } = await import("./status-panel");

  const container = document.createElement("div");
  document.body.appendChild(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(<StatusPanel {...props} />);
  });
  return {
    act,
    container,
    unmount: () => act(async () => root.unmount()),
    panel: () => container.querySelector('[data-testid="status-panel"]'),
    field: (id: string) => container.querySelector(`[data-testid="${id}"]`)?.textContent?.trim(),
  };
}

describe("StatusPanel (mounted)", () => {
  test("polls /api/health and follows the backend's state", async () => {
    answer = async () =>
      Response.json({ status: "healthy", database: "connected", timestamp: "t", version: "9.9.9" });
    const { panel, field, unmount } = await mount({ refreshIntervalMs: 40, timeoutMs: 500 });
    await waitFor(() => panel()?.getAttribute("data-state") === "healthy");
    expect(requested[0]).toBe("/api/health");
    expect(field("status-backend")).toBe("Up");
    expect(field("status-database")).toBe("Connected");
    expect(field("status-version")).toBe("9.9.9");
    expect(field("status-checked-at")).toStartWith("Last checked at ");

    // The database goes away: the next automatic refresh shows "degraded".
    answer = async () =>
      Response.json({ status: "degraded", database: "disconnected" }, { status: 503 });
    await waitFor(() => panel()?.getAttribute("data-state") === "degraded");
    expect(field("status-backend")).toBe("Up");
    expect(field("status-database")).toBe("Disconnected");
    expect(field("status-message")).toBe("The backend is up, but its database is disconnected.");

    // The backend goes away: the gateway answers 502 with an HTML page.
    answer = async () => new Response("<h1>Bad Gateway</h1>", { status: 502 });
    await waitFor(() => panel()?.getAttribute("data-state") === "down");
    expect(field("status-backend")).toBe("Down");
    expect(field("status-database")).toBe("Unknown");
    expect(field("status-message")).toBe("The backend is down (the gateway answered HTTP 502).");

    // Network failure is also "down", with its own message.
    answer = async () => {
      throw new TypeError("Failed to fetch");
    };
    await waitFor(() => field("status-message") === "The backend is unreachable (network error).");
    expect(panel()?.getAttribute("data-state")).toBe("down");

    // Unmounting stops the polling loop.
    await unmount();
    const countAfterUnmount = requested.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(requested.length).toBe(countAfterUnmount);
    expect(requested.every((url) => url === "/api/health")).toBe(true);
  });

  test("'Check now' asks again immediately", async () => {
    answer = async () => Response.json({ status: "healthy", database: "connected" });
    // Long interval: only the button can cause a second request in time.
    const { act, container, panel, unmount } = await mount({ refreshIntervalMs: 60_000 });
    await waitFor(() => panel()?.getAttribute("data-state") === "healthy");
    const before = requested.length;

    answer = async () =>
      Response.json({ status: "degraded", database: "disconnected" }, { status: 503 });
    const button = container.querySelector<HTMLButtonElement>('[data-testid="status-refresh"]');
    expect(button).not.toBeNull();
    await act(async () => button!.click());
    await waitFor(() => panel()?.getAttribute("data-state") === "degraded");
    expect(requested.length).toBe(before + 1);
    await unmount();
  });

  test("unmounting during a request cancels it and schedules nothing more", async () => {
    let release: (response: Response) => void = () => {};
    answer = () => new Promise<Response>((resolve) => (release = resolve));
    const before = requested.length;
    const { unmount } = await mount({ refreshIntervalMs: 20, timeoutMs: 5_000 });
    await waitFor(() => requested.length === before + 1);

    await unmount();
    release(Response.json({ status: "healthy", database: "connected" }));
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(requested.length).toBe(before + 1);
  });
});
