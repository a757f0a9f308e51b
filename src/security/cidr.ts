import { BlockList, isIP } from 'node:net';

/** An address as BlockList checks it: IPv4-mapped IPv6 (::ffff:127.0.0.1) is its IPv4 address. */
export function normaliseAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare) ?? /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
  if (mapped && mapped.length === 2) return { address: mapped[1], family: 'ipv4' };
  if (mapped && mapped.length === 3) {
    const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
    return { address: `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, family: 'ipv4' };
  }
  const family = isIP(bare);
  if (family === 4) return { address: bare, family: 'ipv4' };
  if (family === 6) return { address: bare, family: 'ipv6' };
  return undefined;
}

/** `10.0.0.0/8`, `fd00::/8`, or a single address: the network and its prefix length, or undefined when malformed. */
export function parseCidr(text: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [addressPart, prefixPart, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const address = normaliseAddress(addressPart);
  if (!address) return undefined;
  const max = address.family === 'ipv4' ? 32 : 128;
  const prefix = prefixPart === undefined ? max : /^\d{1,3}$/.test(prefixPart) ? Number(prefixPart) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { network: address.address, prefix, family: address.family };
}

/** A comma-separated CIDR list as a BlockList; throws naming the first entry that is not a CIDR. */
export function cidrList(text: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const cidr = parseCidr(entry);
    if (!cidr) throw new Error(`${entry} is not an address range such as 10.0.0.0/8 or fd00::/8`);
    list.addSubnet(cidr.network, cidr.prefix, cidr.family);
  }
  return list;
}

/** True when the list holds the address (IPv4-mapped IPv6 checked as IPv4). */
export function listHolds(list: BlockList, address: string): boolean {
  const normal = normaliseAddress(address);
  return !!normal && list.check(normal.address, normal.family);
}
