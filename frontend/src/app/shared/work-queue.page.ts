import { Directive, OnInit, signal } from '@angular/core';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { StatusCount } from '@gen/dataexchange/v1/reconciliation_pb';
import { errorKey } from '../core/grpc/errors';
import { AGENCIES } from './agencies';

/** One page of a work queue as the hub lists it, with the count of each status for the tabs. */
export interface QueuePage<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly statusCounts: readonly StatusCount[];
}

/**
 * What the steward's work queues (alerts, conflicts) share: a status tab, agency and region filters, a page of items
 * and the count per status. A page supplies its own filters and the call that lists them (`fetch`).
 */
@Directive()
export abstract class WorkQueuePage<T> implements OnInit {
  protected readonly agencies = AGENCIES;
  protected abstract readonly pageSize: number;
  protected readonly status = signal('open');
  protected readonly agency = signal<Agency>(Agency.UNSPECIFIED);
  protected readonly region = signal('');
  protected readonly page = signal(0);
  protected readonly items = signal<readonly T[]>([]);
  protected readonly total = signal(0);
  protected readonly counts = signal<readonly StatusCount[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly loaded = signal(false);
  // Filters change faster than the hub answers: only the newest request's reply (or failure) is shown.
  private latest = 0;

  ngOnInit(): void {
    void this.load(0);
  }

  protected setStatus(status: string): void {
    this.status.set(status);
    void this.load(0);
  }

  protected async load(page: number): Promise<void> {
    const request = ++this.latest;
    try {
      const reply = await this.fetch(page);
      if (request !== this.latest) {
        return;
      }
      this.items.set(reply.items);
      this.total.set(reply.total);
      this.counts.set(reply.statusCounts);
      this.page.set(page);
      this.error.set(null);
    } catch (error) {
      if (request === this.latest) {
        this.error.set(errorKey(error));
      }
    } finally {
      if (request === this.latest) {
        this.loaded.set(true);
      }
    }
  }

  /** The page of items the filters select, from the hub. */
  protected abstract fetch(page: number): Promise<QueuePage<T>>;
}
