import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { AlertItem } from '@gen/dataexchange/v1/reconciliation_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { AgencyPipe, CodePipe, LocalDatePipe, LocalNumberPipe } from '../../shared/format.pipes';
import { PagerComponent } from '../../shared/pager.component';
import { StatusTabsComponent } from '../../shared/status-tabs.component';
import { QueuePage, WorkQueuePage } from '../../shared/work-queue.page';
import { AlertActionsComponent } from './alert-actions.component';

const PAGE_SIZE = 25;
const RULES = ['VulnerableChildDroppedOut', 'DisabledChildUnknownToCivilAffairs', 'PossiblyOutOfSchool', 'VisitOverdue',
  'IdentityInconsistency'];

/** The alert inbox of one agency (or all): acknowledge, close, open the child. */
@Component({
  selector: 'dx-alerts-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, TranslocoPipe,
    AgencyPipe, CodePipe, LocalDatePipe, LocalNumberPipe, PagerComponent, StatusTabsComponent, AlertActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './alerts.page.html',
})
export class AlertsPage extends WorkQueuePage<AlertItem> {
  private readonly hub = inject(HubClients);
  protected readonly rules = RULES;
  protected readonly pageSize = PAGE_SIZE;
  protected readonly statuses = ['open', 'acknowledged', 'closed'];
  protected readonly rule = signal('');

  protected async fetch(page: number): Promise<QueuePage<AlertItem>> {
    const reply = await this.hub.reconciliation.listAlerts({
      status: this.status(), agency: this.agency(), rule: this.rule(), regionCode: this.region().trim(), pageSize: PAGE_SIZE, page,
    });
    return { items: reply.alerts, total: reply.total, statusCounts: reply.statusCounts };
  }
}
