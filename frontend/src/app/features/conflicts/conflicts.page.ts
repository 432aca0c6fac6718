import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { ConflictItem } from '@gen/dataexchange/v1/reconciliation_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { AgencyPipe, CodePipe, LocalDatePipe, LocalNumberPipe } from '../../shared/format.pipes';
import { PagerComponent } from '../../shared/pager.component';
import { StatusTabsComponent } from '../../shared/status-tabs.component';
import { QueuePage, WorkQueuePage } from '../../shared/work-queue.page';
import { ConflictResolverComponent } from './conflict-resolver.component';

const PAGE_SIZE = 20;
const KINDS = ['AuthorityDisagreement', 'IdBirthDateMismatch', 'IdSexMismatch', 'CertificateIdMismatch', 'StudentNumberIdMismatch'];

/** Conflicts as a work queue: by status, agency, kind, field and region, oldest first, resolved in place. */
@Component({
  selector: 'dx-conflicts-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, TranslocoPipe,
    AgencyPipe, CodePipe, LocalDatePipe, LocalNumberPipe, PagerComponent, StatusTabsComponent, ConflictResolverComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './conflicts.page.html',
})
export class ConflictsPage extends WorkQueuePage<ConflictItem> {
  private readonly hub = inject(HubClients);
  protected readonly kinds = KINDS;
  protected readonly pageSize = PAGE_SIZE;
  protected readonly statuses = ['open', 'resolved', 'closed'];
  protected readonly kind = signal('');
  protected readonly field = signal('');

  protected async fetch(page: number): Promise<QueuePage<ConflictItem>> {
    const reply = await this.hub.reconciliation.listConflicts({
      status: this.status(), agency: this.agency(), kind: this.kind(), field: this.field().trim(),
      regionCode: this.region().trim(), pageSize: PAGE_SIZE, page,
    });
    return { items: reply.conflicts, total: reply.total, statusCounts: reply.statusCounts };
  }
}
