import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { FieldGroup, Grant, Purpose } from '@gen/dataexchange/v1/access_pb';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';
import { AGENCIES } from '../../shared/agencies';
import { AgencyPipe, LocalDatePipe } from '../../shared/format.pipes';
import { isLive, visibilityMatrix } from './visibility';

const PURPOSES = [Purpose.DROPOUT_CONTROL, Purpose.ACTIVE_DISCOVERY, Purpose.BENEFIT_VERIFICATION, Purpose.CASE_HANDLING,
  Purpose.STATISTICS];
const GROUPS = [FieldGroup.IDENTITY, FieldGroup.CONTACT, FieldGroup.EDUCATION, FieldGroup.HEALTH, FieldGroup.DISABILITY,
  FieldGroup.WELFARE];
const CATEGORIES = ['orphan', 'de_facto_unsupported', 'left_behind', 'in_difficulty'];

/** Grants: create, revoke, and the picture of who may currently see what. */
@Component({
  selector: 'dx-grants-tab',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatSelectModule, TranslocoPipe,
    AgencyPipe, LocalDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './grants.tab.html',
  styleUrl: './grants.tab.scss',
})
export class GrantsTab implements OnInit {
  private readonly hub = inject(HubClients);
  protected readonly agencies = AGENCIES;
  protected readonly purposes = PURPOSES;
  protected readonly groups = GROUPS;
  protected readonly categories = CATEGORIES;

  protected readonly grantee = signal<Agency>(Agency.EDUCATION);
  protected readonly sources = signal<readonly Agency[]>([]);
  protected readonly purpose = signal<Purpose>(Purpose.DROPOUT_CONTROL);
  protected readonly reference = signal('');
  protected readonly fieldGroups = signal<readonly FieldGroup[]>([FieldGroup.IDENTITY]);
  protected readonly fullIdentity = signal(false);
  protected readonly childCategories = signal<readonly string[]>([]);
  protected readonly regions = signal('');
  protected readonly validFrom = signal(isoDay(new Date()));
  protected readonly validTo = signal(isoDay(new Date(Date.now() + 365 * 86_400_000)));
  protected readonly showInactive = signal(false);

  protected readonly grants = signal<readonly Grant[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly created = signal<string | null>(null);
  protected readonly matrix = computed(() => visibilityMatrix(this.grants(), new Date()));
  protected readonly ready = computed(() => this.reference().trim() !== '' && this.fieldGroups().length > 0);

  ngOnInit(): Promise<void> {
    return this.run(async () => {
      const all: Grant[] = [];
      let pageToken = '';
      do {
        const reply = await this.hub.access.listGrants({ includeInactive: this.showInactive(), pageSize: 200, pageToken });
        all.push(...reply.grants);
        pageToken = reply.nextPageToken;
      } while (pageToken && all.length < 2000);
      this.grants.set(all);
    });
  }

  protected groupKey(group: FieldGroup): string {
    return 'fieldGroup.' + FieldGroup[group].toLowerCase();
  }

  protected purposeKey(purpose: Purpose): string {
    return 'purpose.' + Purpose[purpose].toLowerCase();
  }

  protected live(grant: Grant): boolean {
    return isLive(grant, new Date());
  }

  protected toggle<T>(list: ReturnType<typeof signal<readonly T[]>>, value: T, checked: boolean): void {
    list.update((items) => (checked ? [...items, value] : items.filter((item) => item !== value)));
  }

  protected create(): Promise<void> {
    return this.run(async () => {
      const reply = await this.hub.access.createGrant({
        grant: {
          grantee: this.grantee(),
          sourceAgencies: [...this.sources()],
          purpose: this.purpose(),
          reference: this.reference().trim(),
          fieldGroups: [...this.fieldGroups()],
          fullIdentity: this.fullIdentity(),
          childCategories: [...this.childCategories()],
          regions: this.regions().split(/[\s,，]+/).filter(Boolean),
          validFrom: timestampFromDate(new Date(this.validFrom() + 'T00:00:00')),
          validTo: timestampFromDate(new Date(this.validTo() + 'T23:59:59')),
        },
      });
      this.created.set(reply.grant?.grantId ?? null);
      this.reference.set('');
      await this.ngOnInit();
    });
  }

  protected revoke(grant: Grant): Promise<void> {
    return this.run(async () => {
      await this.hub.access.revokeGrant({ grantId: grant.grantId });
      await this.ngOnInit();
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
      this.error.set(null);
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
