import net from 'node:net';
import { lookup } from 'node:dns/promises';

/**
 * The SSRF guard of webhook delivery. A webhook URL is chosen by a user, and the platform POSTs to
 * it from inside the deployment, so a URL naming a private, loopback, link-local or cloud metadata
 * address would let a user reach what only the platform should. The host is resolved when the
 * endpoint is registered (a clear refusal) and again at every delivery, and the request connects to
 * the very address that was checked, so a DNS answer that changes in between (rebinding) cannot
 * slip through. An allow-list entry — a host name, an address or a CIDR — admits a target that is
 * private on purpose (an intranet receiver).
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type HostResolver = (host: string) => Promise<ResolvedAddress[]>;

export const dnsResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

// ----------------------------------------------------------------------------- address parsing
function ipv4Bytes(address: string): Uint8Array | undefined {
  if (!net.isIPv4(address)) return undefined;
  return Uint8Array.from(address.split('.').map(Number));
}

function ipv6Bytes(input: string): Uint8Array | undefined {
  const address = input.replace(/%.*$/, '');
  if (!net.isIPv6(address)) return undefined;
  let head = address;
  let tail: number[] = [];
  // A trailing dotted quad (::ffff:1.2.3.4) is the last 32 bits.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (quad) {
    const v4 = ipv4Bytes(quad[1]!)!;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    head = address.slice(0, -quad[1]!.length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const parse = (s: string | undefined) =>
    s
      ? s
          .split(':')
          .filter(Boolean)
          .map((h) => parseInt(h, 16))
      : [];
  const l = parse(left);
  const r = [...parse(right), ...tail];
  const fill = right === undefined ? 0 : 8 - l.length - r.length;
  const groups = right === undefined ? [...l, ...tail] : [...l, ...new Array<number>(fill).fill(0), ...r];
  if (groups.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

function parseCidr(text: string): Cidr | undefined {
  const [addr, bits, extra] = text.split('/');
  if (extra !== undefined || !addr) return undefined;
  const bytes = ipv4Bytes(addr) ?? ipv6Bytes(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (bits === undefined) return { bytes, prefix: max };
  if (!/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = Number(bits);
  return prefix <= max ? { bytes, prefix } : undefined;
}

function inCidr(bytes: Uint8Array, cidr: Cidr): boolean {
  if (bytes.length !== cidr.bytes.length) return false;
  for (let bit = 0; bit < cidr.prefix; bit += 8) {
    const take = Math.min(8, cidr.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if ((bytes[i]! & mask) !== (cidr.bytes[i]! & mask)) return false;
  }
  return true;
}

const cidrs = (list: string[]): Cidr[] => list.map((c) => parseCidr(c)!);

/** IPv6 forms that carry an IPv4 address, which is what the packet finally reaches. */
const EMBEDDED_V4: { cidr: Cidr; offset: number }[] = [
  { cidr: parseCidr('::ffff:0:0/96')!, offset: 12 }, // IPv4-mapped
  { cidr: parseCidr('64:ff9b::/96')!, offset: 12 }, // NAT64 well-known prefix
  { cidr: parseCidr('2002::/16')!, offset: 2 }, // 6to4
];

function embeddedV4(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length !== 16) return undefined;
  for (const e of EMBEDDED_V4) if (inCidr(bytes, e.cidr)) return bytes.slice(e.offset, e.offset + 4);
  return undefined;
}

/** Checked in order; the first match names the reason. */
const FORBIDDEN: { reason: string; ranges: Cidr[] }[] = [
  {
    reason: 'cloud metadata',
    ranges: cidrs(['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32', 'fd00:ec2::254/128']),
  },
  { reason: 'unspecified', ranges: cidrs(['0.0.0.0/8', '::/128']) },
  { reason: 'loopback', ranges: cidrs(['127.0.0.0/8', '::1/128']) },
  { reason: 'link-local', ranges: cidrs(['169.254.0.0/16', 'fe80::/10']) },
  {
    reason: 'private',
    ranges: cidrs([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '100.64.0.0/10', // shared address space (carrier-grade NAT)
      'fc00::/7',
      'fec0::/10',
      '64:ff9b:1::/48',
    ]),
  },
  { reason: 'multicast', ranges: cidrs(['224.0.0.0/4', 'ff00::/8']) },
  {
    reason: 'reserved',
    ranges: cidrs([
      '192.0.0.0/24',
      '192.0.2.0/24',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '240.0.0.0/4',
      '::/96', // IPv4-compatible (deprecated)
      '100::/64',
      '2001::/32', // Teredo
      '2001:db8::/32',
    ]),
  },
];

/** Host names that reach cloud metadata services without naming an address. */
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

function addressBytes(address: string): Uint8Array | undefined {
  return ipv4Bytes(address) ?? ipv6Bytes(address);
}

/** Why an address may not be a webhook target, or undefined when it is a public address. */
export function forbiddenReason(address: string): string | undefined {
  const bytes = addressBytes(address);
  if (!bytes) return 'not an IP address';
  const v4 = embeddedV4(bytes);
  for (const candidate of v4 ? [bytes, v4] : [bytes])
    for (const f of FORBIDDEN) if (f.ranges.some((r) => inCidr(candidate, r))) return f.reason;
  return undefined;
}

// ----------------------------------------------------------------------------- allow-list
const HOST_RE = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** An entry in canonical form (lower-case host, CIDR or address), or undefined when it is none. */
export function normalizeAllowEntry(raw: string): string | undefined {
  const entry = raw.trim().toLowerCase();
  if (entry.length === 0 || entry.length > 253) return undefined;
  if (parseCidr(entry)) return entry;
  return HOST_RE.test(entry) ? entry : undefined;
}

export class Allowlist {
  readonly #hosts = new Set<string>();
  readonly #suffixes: string[] = [];
  readonly #ranges: Cidr[] = [];

  /** Entries already normalized (normalizeAllowEntry); anything else is ignored. */
  constructor(entries: readonly string[]) {
    for (const e of entries) {
      const cidr = parseCidr(e);
      if (cidr) this.#ranges.push(cidr);
      else if (e.startsWith('*.')) this.#suffixes.push(e.slice(1));
      else this.#hosts.add(e);
    }
  }

  admitsHost(host: string): boolean {
    const h = host.toLowerCase().replace(/\.$/, '');
    return this.#hosts.has(h) || this.#suffixes.some((s) => h.endsWith(s));
  }

  admitsAddress(address: string): boolean {
    const bytes = addressBytes(address);
    if (!bytes) return false;
    const v4 = embeddedV4(bytes);
    return this.#ranges.some((r) => inCidr(bytes, r) || (v4 !== undefined && inCidr(v4, r)));
  }
}

// ----------------------------------------------------------------------------- the check
export class WebhookTargetError extends Error {
  constructor(
    readonly kind: 'forbidden' | 'unresolvable',
    readonly host: string,
    message: string,
    readonly address?: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'WebhookTargetError';
  }
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Resolves the URL's host and returns the address to connect to. Every address the name resolves
 * to must be public or admitted: a name with one private answer among public ones is refused, since
 * a client could connect to any of them.
 */
export async function checkTarget(
  url: URL,
  allowlist: Allowlist,
  resolve: HostResolver,
  timeoutMs = 5_000,
): Promise<ResolvedAddress> {
  const host = hostOf(url);
  const hostAdmitted = allowlist.admitsHost(host);
  if (!hostAdmitted && METADATA_HOSTS.has(host.toLowerCase().replace(/\.$/, '')))
    throw new WebhookTargetError(
      'forbidden',
      host,
      `${host} is a cloud metadata host, which webhooks may not reach`,
      undefined,
      'cloud metadata',
    );
  let addresses: ResolvedAddress[];
  const literal = net.isIP(host);
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      // getaddrinfo has no deadline of its own; a name that hangs counts as not resolving.
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('DNS timeout')), timeoutMs);
      });
      addresses = await Promise.race([resolve(host), deadline]);
    } catch {
      addresses = [];
    } finally {
      clearTimeout(timer);
    }
    if (addresses.length === 0)
      throw new WebhookTargetError('unresolvable', host, `${host} does not resolve`);
  }
  if (!hostAdmitted)
    for (const a of addresses) {
      const reason = forbiddenReason(a.address);
      if (reason && !allowlist.admitsAddress(a.address))
        throw new WebhookTargetError(
          'forbidden',
          host,
          `${host} resolves to ${a.address} (${reason}), which webhooks may not reach; an administrator can admit it in the webhook allow-list`,
          a.address,
          reason,
        );
    }
  return addresses[0]!;
}
