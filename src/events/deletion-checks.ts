import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** What is about to be deleted, by kind: enough for a check to decide, and to name it in a refusal. */
export interface DeletionCheckMap {
  vm: { id: string; name: string };
  group: { id: string; name: string };
  /** `detach`: delete it even though flows use it (they let go of it); `actor`: who asked. */
  schedule: { id: string; name: string; detach: boolean; actor: string };
  policy: { id: string; name: string; detach: boolean; actor: string };
  repository: { id: number; name: string };
  flow: { id: string; name: string };
}

export type DeletionKind = keyof DeletionCheckMap;

type Check<K extends DeletionKind> = (record: DeletionCheckMap[K]) => Promise<void> | void;

const DELETION_CHECK = 'pfe:deletion-check';

/**
 * Declares a method as a check that may refuse (by throwing, an ApiError for the caller) or prepare
 * the deletion of a record of `kind` — asked where the deletion happens, before it, by DeletionChecks.
 * A module that depends on records of another (flows on schedules, say) keeps the check next to its
 * own code, and the module that deletes need not know it.
 */
export function DeletionCheck<K extends DeletionKind>(kind: K) {
  return <T extends Check<K>>(_target: object, _key: string | symbol, descriptor: TypedPropertyDescriptor<T>): void => {
    Reflect.defineMetadata(DELETION_CHECK, kind, descriptor.value as object);
  };
}

/** The registry of deletion checks, found once among the providers at start-up; `before(kind, record)` runs them. */
@Injectable()
export class DeletionChecks implements OnApplicationBootstrap {
  private readonly checks = new Map<DeletionKind, Array<Check<DeletionKind>>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = prototype[name];
        const kind = typeof method === 'function' ? (Reflect.getMetadata(DELETION_CHECK, method) as DeletionKind | undefined) : undefined;
        if (kind) this.checks.set(kind, [...(this.checks.get(kind) ?? []), (method as Check<DeletionKind>).bind(instance)]);
      }
    }
  }

  /** Runs every check of `kind` in turn; the first that refuses stops the deletion. */
  async before<K extends DeletionKind>(kind: K, record: DeletionCheckMap[K]): Promise<void> {
    for (const check of this.checks.get(kind) ?? []) await (check as Check<K>)(record);
  }
}
