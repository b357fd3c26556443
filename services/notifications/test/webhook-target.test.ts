import { describe, expect, it } from 'vitest';
import {
  Allowlist,
  checkTarget,
  forbiddenReason,
  normalizeAllowEntry,
  WebhookTargetError,
} from '../src/domain/webhook-target.ts';
import { fakeDns } from './helper.ts';

describe('forbiddenReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.100.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    // IPv6 forms that carry an IPv4 address reach that address.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['2002:c0a8:0101::1', 'private'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(forbiddenReason(address)).toBe(reason);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '192.169.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('admits the public address %s', (address) => {
    expect(forbiddenReason(address)).toBeUndefined();
  });
});

describe('the allow-list', () => {
  it('normalizes entries and rejects what is neither a host, an address nor a CIDR', () => {
    expect(normalizeAllowEntry(' Hooks.Example.COM ')).toBe('hooks.example.com');
    expect(normalizeAllowEntry('*.corp.example')).toBe('*.corp.example');
    expect(normalizeAllowEntry('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(normalizeAllowEntry('fd00::/8')).toBe('fd00::/8');
    for (const bad of ['', 'a b', '10.0.0.0/33', '::/129', 'http://x', 'x_y.example', '*.', '1.2.3.4/8/1'])
      expect(normalizeAllowEntry(bad), bad).toBeUndefined();
  });

  it('admits hosts, subdomains of a wildcard, addresses and ranges, including IPv4-mapped forms', () => {
    const list = new Allowlist(['hooks.example.com', '*.corp.example', '10.0.0.0/8', '127.0.0.1']);
    expect(list.admitsHost('HOOKS.example.com.')).toBe(true);
    expect(list.admitsHost('a.b.corp.example')).toBe(true);
    expect(list.admitsHost('corp.example')).toBe(false);
    expect(list.admitsHost('evilcorp.example')).toBe(false);
    expect(list.admitsAddress('10.200.3.4')).toBe(true);
    expect(list.admitsAddress('::ffff:10.200.3.4')).toBe(true);
    expect(list.admitsAddress('127.0.0.1')).toBe(true);
    expect(list.admitsAddress('127.0.0.2')).toBe(false);
    expect(list.admitsAddress('192.168.0.1')).toBe(false);
  });
});

describe('checkTarget', () => {
  const dns = fakeDns({
    'public.example': ['93.184.216.34'],
    'mixed.example': ['93.184.216.34', '10.0.0.1'],
  });
  const none = new Allowlist([]);

  it('returns the address to connect to', async () => {
    await expect(checkTarget(new URL('https://public.example/x'), none, dns)).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
    await expect(checkTarget(new URL('http://[2606:4700::1111]/'), none, dns)).resolves.toEqual({
      address: '2606:4700::1111',
      family: 6,
    });
  });

  it('refuses a name with any forbidden answer, and an unknown name', async () => {
    const err = await checkTarget(new URL('https://mixed.example/'), none, dns).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookTargetError);
    expect(err).toMatchObject({ kind: 'forbidden', address: '10.0.0.1', reason: 'private' });
    await expect(checkTarget(new URL('https://unknown.example/'), none, dns)).rejects.toMatchObject({
      kind: 'unresolvable',
    });
  });

  it('counts a name that does not resolve in time as unresolvable', async () => {
    const hanging = () => new Promise<never>(() => undefined);
    await expect(checkTarget(new URL('https://slow.example/'), none, hanging, 20)).rejects.toMatchObject({
      kind: 'unresolvable',
    });
  });

  it('admits a forbidden target the allow-list names by host or by address', async () => {
    await expect(
      checkTarget(new URL('https://mixed.example/'), new Allowlist(['mixed.example']), dns),
    ).resolves.toBeDefined();
    await expect(
      checkTarget(new URL('https://mixed.example/'), new Allowlist(['10.0.0.0/24']), dns),
    ).resolves.toBeDefined();
    await expect(
      checkTarget(new URL('http://127.0.0.1:8080/'), new Allowlist(['127.0.0.1']), dns),
    ).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });
});
