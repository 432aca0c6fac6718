import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { Purpose } from '@gen/dataexchange/v1/access_pb';
import { AuditEntry, Disclosure, VerifyChainResponse } from '@gen/dataexchange/v1/audit_pb';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';
import { AGENCIES } from '../../shared/agencies';
import { AgencyPipe, CodePipe, LocalDatePipe, LocalNumberPipe } from '../../shared/format.pipes';

/** The audit log for auditors: verify the chain, search entries, one child's disclosure report. */
@Component({
  selector: 'dx-audit-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, TranslocoPipe, AgencyPipe,
    CodePipe, LocalDatePipe, LocalNumberPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit.page.html',
  styleUrl: './audit.page.scss',
})
export class AuditPage {
  private readonly hub = inject(HubClients);
  protected readonly agencies = AGENCIES;
  protected readonly purposes = [Purpose.DROPOUT_CONTROL, Purpose.ACTIVE_DISCOVERY, Purpose.BENEFIT_VERIFICATION,
    Purpose.CASE_HANDLING, Purpose.STATISTICS];

  protected readonly expectedHead = signal('');
  protected readonly verdict = signal<VerifyChainResponse | null>(null);
  protected readonly verifying = signal(false);

  protected readonly childIdNumber = signal('');
  protected readonly agency = signal<Agency>(Agency.UNSPECIFIED);
  protected readonly principal = signal('');
  protected readonly purpose = signal<Purpose>(Purpose.UNSPECIFIED);
  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly entries = signal<readonly AuditEntry[]>([]);
  protected readonly searched = signal(false);
  private readonly pageTokens = signal<readonly string[]>(['']);
  protected readonly nextToken = signal('');

  protected readonly reportIdNumber = signal('');
  protected readonly disclosures = signal<readonly Disclosure[] | null>(null);
  protected readonly truncated = signal(false);
  protected readonly error = signal<string | null>(null);

  protected purposeKey(purpose: Purpose): string {
    return 'purpose.' + Purpose[purpose].toLowerCase();
  }

  protected async verify(): Promise<void> {
    this.verifying.set(true);
    try {
      this.verdict.set(await this.hub.audit.verifyChain({ expectedHead: this.expectedHead().trim() }));
      this.error.set(null);
    } catch (error) {
      this.error.set(errorKey(error));
    } finally {
      this.verifying.set(false);
    }
  }

  protected async search(pageToken = ''): Promise<void> {
    try {
      const reply = await this.hub.audit.queryEntries({
        childIdNumber: this.childIdNumber().trim(), agency: this.agency(), principal: this.principal().trim(),
        purpose: this.purpose(),
        from: this.from() ? timestampFromDate(new Date(this.from())) : undefined,
        to: this.to() ? timestampFromDate(new Date(this.to())) : undefined,
        pageSize: 50, pageToken,
      });
      this.entries.set(reply.entries);
      this.nextToken.set(reply.nextPageToken);
      this.pageTokens.update((tokens) => (pageToken === '' ? [''] : tokens.includes(pageToken) ? tokens : [...tokens, pageToken]));
      this.searched.set(true);
      this.error.set(null);
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }

  protected async report(): Promise<void> {
    try {
      const reply = await this.hub.audit.getDisclosureReport({ childIdNumber: this.reportIdNumber().trim() });
      this.disclosures.set(reply.disclosures);
      this.truncated.set(reply.truncated);
      this.error.set(null);
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }
}
