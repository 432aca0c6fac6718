import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { GetDashboardResponse } from '@gen/dataexchange/v1/dashboard_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';
import { LanguageService } from '../../core/i18n/language.service';
import { AgencyPipe, LocalDatePipe, LocalNumberPipe, agencyCode } from '../../shared/format.pipes';
import { ChartComponent, ChartOptions } from './chart.component';

/** The dashboard rpc as charts: children by category and region, backlog and its age, linking, alerts, ingestion. */
@Component({
  selector: 'dx-dashboard-page',
  imports: [TranslocoPipe, LocalNumberPipe, LocalDatePipe, ChartComponent],
  providers: [AgencyPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'dashboard.title' | transloco }}</h1>
    @if (error(); as error) {<p class="error-text" role="alert">{{ error | transloco }}</p>}
    @if (data(); as d) {
      <div class="kpis">
        <div class="kpi"><span>{{ 'dashboard.children' | transloco }}</span><strong>{{ d.totalChildren | localNumber }}</strong></div>
        <div class="kpi"><span>{{ 'dashboard.backlog' | transloco }}</span><strong>{{ d.review?.open | localNumber }}</strong></div>
        <div class="kpi"><span>{{ 'dashboard.oldest' | transloco }}</span><strong>{{ d.review?.oldestProposedAt | localDate: 'date' }}</strong></div>
        <div class="kpi"><span>{{ 'dashboard.decided7' | transloco }}</span><strong>{{ d.review?.decidedLast7Days | localNumber }}</strong></div>
        <div class="kpi"><span>{{ 'dashboard.automatic' | transloco }}</span><strong>{{ d.linking?.automaticRate | localNumber: 'percent' : 1 }}</strong></div>
        <div class="kpi"><span>{{ 'dashboard.reviewRate' | transloco }}</span><strong>{{ d.linking?.reviewRate | localNumber: 'percent' : 1 }}</strong></div>
      </div>
      <div class="charts">
        <section><h2>{{ 'dashboard.byCategory' | transloco }}</h2><dx-chart [options]="categoryChart()" [label]="'dashboard.byCategory' | transloco" /></section>
        <section><h2>{{ 'dashboard.byRegion' | transloco }}</h2><dx-chart [options]="regionChart()" [label]="'dashboard.byRegion' | transloco" /></section>
        <section><h2>{{ 'dashboard.backlogAge' | transloco }}</h2><dx-chart [options]="ageChart()" [label]="'dashboard.backlogAge' | transloco" /></section>
        <section><h2>{{ 'dashboard.alertsByRule' | transloco }}</h2><dx-chart [options]="alertChart()" [label]="'dashboard.alertsByRule' | transloco" /></section>
        <section class="wide"><h2>{{ 'dashboard.ingestion' | transloco }}</h2><dx-chart [options]="ingestionChart()" [label]="'dashboard.ingestion' | transloco" /></section>
      </div>
    }
  `,
  styles: `
    .kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: 0.75rem; }
    .kpi { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 0.5rem; display: flex; flex-direction: column; }
    .kpi strong { font-size: 1.4rem; }
    .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(26rem, 1fr)); gap: 1rem; margin-top: 1rem; }
    .charts h2 { font-size: 1rem; margin: 0; }
    .wide { grid-column: 1 / -1; }
  `,
})
export class DashboardPage implements OnInit {
  private readonly hub = inject(HubClients);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);
  private readonly agencyName = inject(AgencyPipe);
  protected readonly data = signal<GetDashboardResponse | null>(null);
  protected readonly error = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    try {
      this.data.set(await this.hub.dashboard.getDashboard({ regionDigits: 4, days: 30 }));
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }

  private t(key: string): string {
    this.language.current();
    return this.transloco.translate(key);
  }

  protected readonly categoryChart = computed<ChartOptions>(() => {
    const totals = new Map<string, number>();
    for (const row of this.data()?.children ?? []) {
      totals.set(row.category, (totals.get(row.category) ?? 0) + row.children);
    }
    return {
      tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['35%', '70%'],
        data: [...totals].map(([category, value]) => ({ name: category ? this.t('value.category.' + category) : this.t('dashboard.unknown'), value })) }],
    };
  });

  protected readonly regionChart = computed<ChartOptions>(() => {
    const totals = new Map<string, number>();
    for (const row of this.data()?.children ?? []) {
      totals.set(row.regionCode || '—', (totals.get(row.regionCode || '—') ?? 0) + row.children);
    }
    const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 15);
    return {
      tooltip: {}, grid: { left: 60, right: 16, top: 16, bottom: 24 },
      xAxis: { type: 'category', data: rows.map((r) => r[0]) }, yAxis: { type: 'value' },
      series: [{ type: 'bar', data: rows.map((r) => r[1]), name: this.t('dashboard.children') }],
    };
  });

  protected readonly ageChart = computed<ChartOptions>(() => {
    const ages = this.data()?.review?.ages ?? [];
    return {
      tooltip: {}, grid: { left: 48, right: 16, top: 16, bottom: 24 },
      xAxis: { type: 'category', data: ages.map((a) => (a.maxDays ? `${a.minDays}–${a.maxDays}` : `≥${a.minDays}`) + this.t('dashboard.days')) },
      yAxis: { type: 'value' }, series: [{ type: 'bar', data: ages.map((a) => a.count), name: this.t('dashboard.backlog') }],
    };
  });

  protected readonly alertChart = computed<ChartOptions>(() => {
    const rows = this.data()?.alerts ?? [];
    const rules = [...new Set(rows.map((r) => r.rule))];
    const sum = (rule: string, pick: (r: (typeof rows)[number]) => number) =>
      rows.filter((r) => r.rule === rule).reduce((n, r) => n + pick(r), 0);
    return {
      tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 48, right: 16, top: 32, bottom: 64 },
      xAxis: { type: 'category', data: rules.map((r) => this.t('rule.' + r)), axisLabel: { rotate: 20 } }, yAxis: { type: 'value' },
      series: [
        { type: 'bar', stack: 'a', name: this.t('status.open'), data: rules.map((r) => sum(r, (x) => x.open)) },
        { type: 'bar', stack: 'a', name: this.t('status.acknowledged'), data: rules.map((r) => sum(r, (x) => x.acknowledged)) },
      ],
    };
  });

  protected readonly ingestionChart = computed<ChartOptions>(() => {
    const rows = this.data()?.ingestion ?? [];
    const days = [...new Set(rows.map((r) => r.day))].sort();
    const agencies = [...new Set(rows.map((r) => r.agency))];
    return {
      tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 56, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: days }, yAxis: { type: 'value' },
      series: agencies.map((agency) => ({
        type: 'line', name: this.agencyName.transform(agencyCode(agency)),
        data: days.map((day) => rows.find((r) => r.day === day && r.agency === agency)?.records ?? 0),
      })),
    };
  });
}
