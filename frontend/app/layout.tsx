import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

import "./globals.css";

export const metadata: Metadata = {
  title: "Yoshikosan",
  description: "Yoshikosan web app: frontend with a live view of the backend and database status.",
};

export const viewport: Viewport = {
  themeColor: "#b4233c",
};

export default function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
