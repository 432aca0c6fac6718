import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { ChildSummary } from '@gen/dataexchange/v1/child_directory_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';
import { FieldValuePipe, LocalNumberPipe } from '../../shared/format.pipes';

const PAGE_SIZE = 20;

/** Finds children by name (characters or pinyin), ID number, birth date or region; paged on the server. */
@Component({
  selector: 'dx-child-search-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, TranslocoPipe, FieldValuePipe, LocalNumberPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'children.title' | transloco }}</h1>
    <form class="toolbar" (submit)="$event.preventDefault(); search(0)">
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>{{ 'children.name' | transloco }}</mat-label>
        <input matInput name="name" [ngModel]="name()" (ngModelChange)="name.set($event)" />
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>{{ 'children.idNumber' | transloco }}</mat-label>
        <input matInput name="idNumber" [ngModel]="idNumber()" (ngModelChange)="idNumber.set($event)" />
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>{{ 'children.birthDate' | transloco }}</mat-label>
        <input matInput name="birthDate" placeholder="YYYY-MM-DD" [ngModel]="birthDate()" (ngModelChange)="birthDate.set($event)" />
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>{{ 'review.region' | transloco }}</mat-label>
        <input matInput name="region" [ngModel]="region()" (ngModelChange)="region.set($event)" />
      </mat-form-field>
      <button mat-flat-button type="submit">{{ 'children.search' | transloco }}</button>
    </form>
    @if (error(); as error) {<p class="error-text" role="alert">{{ error | transloco }}</p>}
    @if (total() !== null) {
      <p role="status">{{ 'children.found' | transloco: { count: (total() | localNumber) } }}</p>
      <table class="data">
        <thead><tr>
          <th scope="col">{{ 'field.name' | transloco }}</th><th scope="col">{{ 'field.birth_date' | transloco }}</th>
          <th scope="col">{{ 'field.region_code' | transloco }}</th><th scope="col">{{ 'field.category' | transloco }}</th>
          <th scope="col">{{ 'field.id_number' | transloco }}</th><th scope="col">{{ 'children.records' | transloco }}</th>
        </tr></thead>
        <tbody>
          @for (c of results(); track c.childId) {
            <tr>
              <td><a [routerLink]="['/children', c.childId]">{{ c.name || c.childId }}</a></td>
              <td>{{ c.birthDate }}</td><td>{{ c.regionCode }}</td><td>{{ c.category | fieldValue: 'category' }}</td>
              <td>{{ c.idNumber }}</td><td>{{ c.recordCount }}</td>
            </tr>
          }
        </tbody>
      </table>
      <div class="pager">
        <button mat-button type="button" [disabled]="page() === 0" (click)="search(page() - 1)">{{ 'common.previous' | transloco }}</button>
        <span>{{ 'common.page' | transloco: { page: page() + 1 } }}</span>
        <button mat-button type="button" [disabled]="(page() + 1) * pageSize >= (total() ?? 0)" (click)="search(page() + 1)">
          {{ 'common.next' | transloco }}</button>
      </div>
    }
  `,
})
export class ChildSearchPage {
  private readonly hub = inject(HubClients);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly name = signal('');
  protected readonly idNumber = signal('');
  protected readonly birthDate = signal('');
  protected readonly region = signal('');
  protected readonly results = signal<readonly ChildSummary[]>([]);
  protected readonly total = signal<number | null>(null);
  protected readonly page = signal(0);
  protected readonly error = signal<string | null>(null);

  protected async search(page: number): Promise<void> {
    try {
      const reply = await this.hub.children.searchChildren({
        name: this.name().trim(), idNumber: this.idNumber().trim(), birthDate: this.birthDate().trim(),
        regionCode: this.region().trim(), pageSize: PAGE_SIZE, page,
      });
      this.results.set(reply.children);
      this.total.set(reply.total);
      this.page.set(page);
      this.error.set(null);
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }
}
