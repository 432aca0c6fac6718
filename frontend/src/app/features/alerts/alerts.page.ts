import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { AlertItem, StatusCount } from '@gen/dataexchange/v1/reconciliation_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';
import { AGENCIES } from '../../shared/agencies';
import { AgencyPipe, CodePipe, LocalDatePipe, LocalNumberPipe } from '../../shared/format.pipes';
import { AlertActionsComponent } from './alert-actions.component';

const PAGE_SIZE = 25;
const RULES = ['VulnerableChildDroppedOut', 'DisabledChildUnknownToCivilAffairs', 'PossiblyOutOfSchool', 'VisitOverdue',
  'IdentityInconsistency'];

/** The alert inbox of one agency (or all): acknowledge, close, open the child. */
@Component({
  selector: 'dx-alerts-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, TranslocoPipe,
    AgencyPipe, CodePipe, LocalDatePipe, LocalNumberPipe, AlertActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './alerts.page.html',
})
export class AlertsPage implements OnInit {
  private readonly hub = inject(HubClients);
  protected readonly agencies = AGENCIES;
  protected readonly rules = RULES;
  protected readonly pageSize = PAGE_SIZE;
  protected readonly status = signal('open');
  protected readonly agency = signal<Agency>(Agency.UNSPECIFIED);
  protected readonly rule = signal('');
  protected readonly region = signal('');
  protected readonly page = signal(0);
  protected readonly items = signal<readonly AlertItem[]>([]);
  protected readonly total = signal(0);
  protected readonly counts = signal<readonly StatusCount[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly loaded = signal(false);

  ngOnInit(): void {
    void this.load(0);
  }

  protected setStatus(status: string): void {
    this.status.set(status);
    void this.load(0);
  }

  protected async load(page: number): Promise<void> {
    try {
      const reply = await this.hub.reconciliation.listAlerts({
        status: this.status(), agency: this.agency(), rule: this.rule(), regionCode: this.region().trim(),
        pageSize: PAGE_SIZE, page,
      });
      this.items.set(reply.alerts);
      this.total.set(reply.total);
      this.counts.set(reply.statusCounts);
      this.page.set(page);
      this.error.set(null);
    } catch (error) {
      this.error.set(errorKey(error));
    } finally {
      this.loaded.set(true);
    }
  }

  protected countOf(status: string): number {
    return this.counts().find((c) => c.status === status)?.count ?? 0;
  }
}
