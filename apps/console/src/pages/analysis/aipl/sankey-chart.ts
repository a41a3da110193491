import { SankeyChart } from 'echarts/charts';
import * as echarts from 'echarts/core';

// The AIPL page's own chart kind, registered here so that only this page's chunk carries it.
echarts.use([SankeyChart]);
