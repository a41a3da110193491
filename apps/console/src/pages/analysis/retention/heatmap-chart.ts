import { HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';

// The retention page's own chart kind, registered here so that only this page's chunk carries it.
echarts.use([HeatmapChart, VisualMapComponent]);
