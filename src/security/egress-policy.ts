import { Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppConfig } from '../config/app-config';
import { cidrList, listHolds, normaliseAddress } from './cidr';

/** Where a webhook must not go unless NOTIFICATION_ALLOWED_CIDRS allows it, and why. */
const FORBIDDEN_RANGES: Array<[string, string]> = [
  ['0.0.0.0/8', 'an unspecified address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['10.0.0.0/8', 'a private address'],
  ['172.16.0.0/12', 'a private address'],
  ['192.168.0.0/16', 'a private address'],
  ['100.64.0.0/10', 'a private (carrier-grade NAT) address'],
  ['169.254.0.0/16', 'a link-local address (cloud metadata lives there)'],
  ['192.0.0.0/24', 'a reserved address'],
  ['198.18.0.0/15', 'a reserved address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved address'],
  ['::/128', 'an unspecified address'],
  ['::1/128', 'a loopback address'],
  ['fc00::/7', 'a private address'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a private (site-local) address'],
  ['ff00::/8', 'a multicast address'],
  ['64:ff9b::/96', 'a NAT64 address (it may reach a private IPv4 address)'],
];

/** Names of cloud metadata services and of this machine. */
const FORBIDDEN_NAMES =
  /^(localhost|.+\.localhost|metadata|metadata\.google\.internal|metadata\.goog|instance-data|instance-data\.ec2\.internal|metadata\.azure\.com)\.?$/i;

export class EgressRefused extends Error {
  readonly code = 'EGRESS_REFUSED';
}

/**
 * The egress rules for what the engine fetches on a user's behalf (webhooks): never loopback,
 * link-local, private, unspecified, multicast or metadata addresses, unless NOTIFICATION_ALLOWED_CIDRS
 * lists them. Checked when a target is saved and again on the address a connection resolves to.
 */
@Injectable()
export class EgressPolicy {
  private readonly allowed: BlockList;
  private readonly ranges = FORBIDDEN_RANGES.map(([cidr, why]) => ({ list: cidrList(cidr), why }));

  constructor(config: AppConfig) {
    this.allowed = cidrList(config.NOTIFICATION_ALLOWED_CIDRS);
  }

  /** Why the address may not be reached, or undefined when it may. */
  refusalOf(address: string): string | undefined {
    if (listHolds(this.allowed, address)) return undefined;
    const normal = normaliseAddress(address);
    if (!normal) return 'not an IP address';
    return this.ranges.find((range) => listHolds(range.list, normal.address))?.why;
  }

  /** Why a host name (or IP literal) may not be reached before any lookup, or undefined. */
  refusalOfName(host: string): string | undefined {
    const bare = host.replace(/^\[|\]$/g, '');
    if (isIP(bare)) return this.refusalOf(bare);
    return FORBIDDEN_NAMES.test(bare) ? 'a name of this machine or of a cloud metadata service' : undefined;
  }

  /** Throws EgressRefused when the name (or IP literal) itself is forbidden; no lookup. */
  checkName(host: string): void {
    const byName = this.refusalOfName(host);
    if (byName) throw new EgressRefused(`${host} is ${byName}`);
  }

  /** Every address the host resolves to must be allowed; throws EgressRefused naming the rule. */
  async checkHost(host: string): Promise<void> {
    this.checkName(host);
    if (isIP(host.replace(/^\[|\]$/g, ''))) return;
    let addresses: LookupAddress[];
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new EgressRefused(`${host} does not resolve to an address; check the name`);
    }
    for (const { address } of addresses) {
      const why = this.refusalOf(address);
      if (why) throw new EgressRefused(`${host} resolves to ${address}, ${why}`);
    }
  }

  /** A `lookup` for node:http that refuses forbidden addresses at connect time (DNS may have changed). */
  guardedLookup(): LookupFunction {
    return (hostname, options, callback) => {
      void lookup(hostname, { all: true, verbatim: true, family: options.family }).then(
        (addresses) => {
          const refused = addresses.find(({ address }) => this.refusalOf(address));
          if (refused) return callback(new EgressRefused(`${hostname} resolves to ${refused.address}, ${this.refusalOf(refused.address)}`), '', 4);
          if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
          callback(null, addresses[0].address, addresses[0].family);
        },
        (err: NodeJS.ErrnoException) => callback(err, '', 4),
      );
    };
  }
}
