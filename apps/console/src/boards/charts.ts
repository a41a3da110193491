import { HeatmapChart, SankeyChart, ScatterChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';

// The extra chart kinds tiles draw (retention heatmap, AIPL sankey, channel quadrant), registered only by the
// boards chunk so the main bundle stays small. EChart.tsx registers line and bar.
echarts.use([HeatmapChart, SankeyChart, ScatterChart, VisualMapComponent]);
