export { CSV_COLUMNS, readCsv } from './csv.js';
export { csvRecords, ImportFileError, splitCsv } from './csv-records.js';
export { DocumentSyntaxError, JsonDocumentSplitter } from './json-document.js';
export { type FileLine, type LineSource, openLines } from './lines.js';
export { OTTO_EVENTS, readOtto } from './otto.js';
export {
  type FormatReader,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportRow,
  importEventId,
  type RowError,
} from './rows.js';
export { FORMAT_READERS, type ImportOptions, type ImportReport, importEvents, type RejectedSample } from './run.js';
export { readSegment } from './segment.js';
export { readSensors } from './sensors.js';
export { readTianchi, shanghaiTime, TIANCHI_EVENTS } from './tianchi.js';
