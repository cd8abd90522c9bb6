"use client";

import { useEffect, useState } from "react";

import {
  HEALTH_URL,
  LOADING_VIEW,
  REFRESH_INTERVAL_MS,
  REQUEST_TIMEOUT_MS,
  interpretProbe,
  probeHealth,
  type BackendState,
  type DatabaseState,
  type HealthView,
  type PanelState,
} from "@/lib/health-status";

const STATE_LABEL: Record<PanelState, string> = {
  loading: "Checking…",
  healthy: "Healthy",
  degraded: "Degraded",
  down: "Down",
};

const BACKEND_LABEL: Record<BackendState, string> = {
  unknown: "Unknown",
  up: "Up",
  down: "Down",
};

const DATABASE_LABEL: Record<DatabaseState, string> = {
  unknown: "Unknown",
  connected: "Connected",
  disconnected: "Disconnected",
};

export interface StatusPanelViewProps {
  view: HealthView;
  /** When the last answer (or failure) arrived; null before the first one. */
  checkedAt: Date | null;
  refreshIntervalMs?: number;
  onRefresh?: () => void;
}

/** Presentational part of the panel: renders a HealthView, no effects. */
export function StatusPanelView({
  view,
  checkedAt,
  refreshIntervalMs = REFRESH_INTERVAL_MS,
  onRefresh,
}: StatusPanelViewProps) {
  const { state, backend, database, message, version } = view;
  return (
    <section
      className={`status-panel status-${state}`}
      data-testid="status-panel"
      data-state={state}
      aria-labelledby="status-heading"
      aria-busy={state === "loading"}
    >
      <div className="status-header">
        <h2 id="status-heading">System status</h2>
        <span className="status-badge" data-testid="status-badge">
          <span className="status-dot" aria-hidden="true" />
          {STATE_LABEL[state]}
        </span>
      </div>
      <p className="status-message" data-testid="status-message" role="status">
        {message}
      </p>
      <dl className="status-list">
        <div>
          <dt>Backend</dt>
          <dd data-testid="status-backend" data-value={backend}>
            {BACKEND_LABEL[backend]}
          </dd>
        </div>
        <div>
          <dt>Database</dt>
          <dd data-testid="status-database" data-value={database}>
            {DATABASE_LABEL[database]}
          </dd>
        </div>
        {version ? (
          <div>
            <dt>Version</dt>
            <dd data-testid="status-version">{version}</dd>
          </div>
        ) : null}
      </dl>
      <div className="status-footer">
        <span data-testid="status-checked-at">
          {checkedAt ? `Last checked at ${checkedAt.toLocaleTimeString()}` : "Not checked yet"}
          {` · refreshes every ${Math.round(refreshIntervalMs / 1000)} s`}
        </span>
        {onRefresh ? (
          <button
            type="button"
            className="status-refresh"
            data-testid="status-refresh"
            onClick={onRefresh}
          >
            Check now
          </button>
        ) : null}
      </div>
    </section>
  );
}

export interface StatusPanelProps {
  url?: string;
  refreshIntervalMs?: number;
  timeoutMs?: number;
}

/**
 * Live status panel: asks the backend's health endpoint from the browser
 * (same origin, relative URL), then again `refreshIntervalMs` after each
 * answer, so requests never overlap. Each request is bounded by `timeoutMs`.
 */
export function StatusPanel({
  url = HEALTH_URL,
  refreshIntervalMs = REFRESH_INTERVAL_MS,
  timeoutMs = REQUEST_TIMEOUT_MS,
}: StatusPanelProps) {
  const [view, setView] = useState<HealthView>(LOADING_VIEW);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  // Bumped by "Check now": restarts the polling loop with an immediate check.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const unmounted = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const check = async () => {
      let next: HealthView;
      try {
        next = interpretProbe(await probeHealth({ url, timeoutMs, signal: unmounted.signal }));
      } catch {
        return; // Aborted because the effect was cleaned up.
      }
      if (unmounted.signal.aborted) return;
      setView(next);
      setCheckedAt(new Date());
      timer = setTimeout(check, refreshIntervalMs);
    };

    void check();
    return () => {
      unmounted.abort();
      clearTimeout(timer);
    };
  }, [url, refreshIntervalMs, timeoutMs, generation]);

  return (
    <StatusPanelView
      view={view}
      checkedAt={checkedAt}
      refreshIntervalMs={refreshIntervalMs}
      onRefresh={() => setGeneration((g) => g + 1)}
    />
  );
}
