import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterNextRender, effect, inject, input } from '@angular/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the pieces the dashboard draws, so the chart chunk (loaded with this screen only) stays small.
echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export type ChartOptions = echarts.EChartsCoreOption;

/** One ECharts chart; ECharts' aria module describes it to screen readers. */
@Component({
  selector: 'dx-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '',
  host: { role: 'img', '[attr.aria-label]': 'label()' },
  styles: ':host { display: block; width: 100%; height: 16rem; }',
})
export class ChartComponent {
  readonly options = input.required<ChartOptions>();
  readonly label = input.required<string>();
  private chart: echarts.ECharts | null = null;

  constructor() {
    const host = inject(ElementRef<HTMLElement>).nativeElement;
    const resize = new ResizeObserver(() => this.chart?.resize());
    afterNextRender(() => {
      this.chart = echarts.init(host);
      this.chart.setOption({ aria: { enabled: true }, ...this.options() });
      resize.observe(host);
    });
    effect(() => this.chart?.setOption({ aria: { enabled: true }, ...this.options() }, true));
    inject(DestroyRef).onDestroy(() => {
      resize.disconnect();
      this.chart?.dispose();
    });
  }
}
