/**
 * X-Request-Id on the frontend's side: the rules of backend/app/request_id.py.
 *
 * The gateway (Traefik) makes no IDs, so whatever answers a request makes one: the
 * backend for /api, this server (proxy.ts) for everything else. An ID that arrives is
 * kept only from a trusted sender, so that a client cannot pick one that collides with
 * another user's request in the logs:
 * - through the gateway: the last X-Forwarded-For entry (the address that connected to
 *   the gateway, which the gateway itself wrote) is one of TRUSTED_PROXIES;
 * - no X-Forwarded-For: a caller inside the namespace (or on this host) reached the
 *   server directly.
 */
import { BlockList, isIP } from "node:net";

export const REQUEST_ID_HEADER = "X-Request-Id";
// Short and free of spaces, quotes and control characters: it goes into log lines as is.
const VALID = /^[A-Za-z0-9._:@+=-]{1,128}$/;

/** TRUSTED_PROXIES (comma-separated addresses or CIDRs) as a set to match addresses against. */
export function trustedProxies(setting: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (setting ?? "").split(",")) {
    const [address = "", bits] = entry.trim().split("/");
    const family = isIP(address);
    if (family === 0) continue; // the settings refuse these before anything is deployed
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

function fromTrustedSender(headers: Headers, trusted: BlockList): boolean {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded === null) return true;
  const last = (forwarded.split(",").pop() ?? "").trim().replace(/^\[|\]$/g, "");
  const family = isIP(last);
  return family !== 0 && trusted.check(last, family === 4 ? "ipv4" : "ipv6");
}

/** The ID this request is served under: the one it brought, if believed, else a new one. */
export function chooseRequestId(headers: Headers, trusted: BlockList): string {
  const given = headers.get(REQUEST_ID_HEADER);
  if (given !== null && VALID.test(given) && fromTrustedSender(headers, trusted)) return given;
  return crypto.randomUUID().replaceAll("-", "");
}

/**
 * Headers for a server-side call to the backend made while serving `incoming`: its ID goes
 * along, so the backend's log lines carry the same one. The frontend makes no such call
 * today (the status panel fetches from the browser); any new one should use this.
 */
export function backendHeaders(incoming: Headers, extra: HeadersInit = {}): Headers {
  const headers = new Headers(extra);
  const id = incoming.get(REQUEST_ID_HEADER);
  if (id !== null) headers.set(REQUEST_ID_HEADER, id);
  return headers;
}
