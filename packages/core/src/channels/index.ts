export { parseSpendCsv, type SpendRowError } from './csv.js';
export { ChannelSpendService } from './service.js';
