import { StatusPanel } from "@/components/status-panel";

export default function HomePage() {
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand" data-testid="app-name">
          <span className="brand-mark" aria-hidden="true">
            Y
          </span>
          Yoshikosan
        </span>
      </header>
      <main className="content">
        <section className="hero">
          <h1>Yoshikosan</h1>
          <p className="tagline" data-testid="app-description">
            The Yoshikosan web app. This page is served by the Next.js frontend; the panel below
            asks the API, live from your browser, whether the backend and its database are up.
          </p>
        </section>
        <StatusPanel />
      </main>
      <footer className="footer">Yoshikosan · frontend</footer>
    </div>
  );
}
