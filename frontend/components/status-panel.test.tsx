import { describe, expect, test } from "bun:test";
import { Window } from "happy-dom";
import { renderToString } from "react-dom/server";

import { interpretProbe, LOADING_VIEW, type HealthProbe } from "@/lib/health-status";

import { StatusPanel, StatusPanelView } from "./status-panel";

/** Parses server-rendered markup with happy-dom (no global DOM is installed). */
function parse(html: string) {
  const window = new Window();
  window.document.body.innerHTML = html;
  const get = (testId: string) => window.document.querySelector(`[data-testid="${testId}"]`);
  return {
    has: (testId: string) => get(testId) !== null,
    text: (testId: string) => get(testId)?.textContent?.trim(),
    attr: (testId: string, name: string) => get(testId)?.getAttribute(name) ?? undefined,
  };
}

function render(probe: HealthProbe, checkedAt: Date | null = new Date(2026, 0, 1, 12, 0, 0)) {
  return parse(
    renderToString(<StatusPanelView view={interpretProbe(probe)} checkedAt={checkedAt} />),
  );
}

describe("StatusPanelView (server-rendered)", () => {
  test("healthy: backend up, database connected, version shown", () => {
    const html = render({
      kind: "response",
      httpStatus: 200,
      isJson: true,
      body: { status: "healthy", database: "connected", timestamp: "t", version: "2.0.1" },
    });
    expect(html.attr("status-panel", "data-state")).toBe("healthy");
    expect(html.text("status-badge")).toBe("Healthy");
    expect(html.text("status-message")).toBe("All systems operational.");
    expect(html.text("status-backend")).toBe("Up");
    expect(html.attr("status-backend", "data-value")).toBe("up");
    expect(html.text("status-database")).toBe("Connected");
    expect(html.attr("status-database", "data-value")).toBe("connected");
    expect(html.text("status-version")).toBe("2.0.1");
    expect(html.text("status-checked-at")).toStartWith("Last checked at ");
  });

  test("degraded: backend up, database disconnected", () => {
    const html = render({
      kind: "response",
      httpStatus: 503,
      isJson: true,
      body: { status: "degraded", database: "disconnected" },
    });
    expect(html.attr("status-panel", "data-state")).toBe("degraded");
    expect(html.text("status-badge")).toBe("Degraded");
    expect(html.text("status-message")).toBe(
      "The backend is up, but its database is disconnected.",
    );
    expect(html.text("status-backend")).toBe("Up");
    expect(html.text("status-database")).toBe("Disconnected");
    expect(html.attr("status-database", "data-value")).toBe("disconnected");
    expect(html.has("status-version")).toBe(false);
  });

  test("down (gateway 502): backend down, database unknown", () => {
    const html = render({ kind: "response", httpStatus: 502, isJson: false, body: undefined });
    expect(html.attr("status-panel", "data-state")).toBe("down");
    expect(html.text("status-badge")).toBe("Down");
    expect(html.text("status-message")).toBe(
      "The backend is down (the gateway answered HTTP 502).",
    );
    expect(html.text("status-backend")).toBe("Down");
    expect(html.text("status-database")).toBe("Unknown");
  });

  test("down (network error) says the backend is unreachable", () => {
    const html = render({ kind: "network-error", message: "Failed to fetch" });
    expect(html.attr("status-panel", "data-state")).toBe("down");
    expect(html.text("status-message")).toBe("The backend is unreachable (network error).");
  });

  test("loading view before the first answer", () => {
    const html = parse(renderToString(<StatusPanelView view={LOADING_VIEW} checkedAt={null} />));
    expect(html.attr("status-panel", "data-state")).toBe("loading");
    expect(html.attr("status-panel", "aria-busy")).toBe("true");
    expect(html.text("status-badge")).toBe("Checking…");
    expect(html.text("status-checked-at")).toBe("Not checked yet · refreshes every 10 s");
  });

  test("the live panel renders its loading state on the server (no fetch during SSR)", () => {
    const html = parse(renderToString(<StatusPanel />));
    expect(html.attr("status-panel", "data-state")).toBe("loading");
    expect(html.text("status-backend")).toBe("Unknown");
    expect(html.text("status-database")).toBe("Unknown");
    expect(html.text("status-refresh")).toBe("Check now");
  });
});
