// @ontogeny/core/onnx: ONNX export, ONNX Runtime cross-check and import; a subpath so that importing core does not load the ONNX schema.

/* Export */
export { exportOnnx, METADATA_KEYS } from './export-onnx.js';
export type { OnnxExport, OnnxExportOptions } from './export-onnx.js';
export type { ExportedLayer } from './linear-export.js';

/* Cross-check in ONNX Runtime */
export { crossCheckOnnx, compareLogits, CROSS_CHECK_TOLERANCE } from './cross-check.js';
export type { CrossCheck, CrossCheckInput } from './cross-check.js';

/* Import */
export { importOnnx } from './import-onnx.js';
export type { ImportOptions, ImportReport } from './import-onnx.js';
export { canonicalName, huggingFaceName } from './bert-names.js';
export { parseOnnx, readOnnxFile } from './read-onnx.js';

/* Building graphs (for tests and tools that write their own ONNX files) */
export { OnnxGraph, float, ONNX_OPSET } from './onnx-graph.js';
export type { OnnxElement, AttributeValue, Dimension } from './onnx-graph.js';

/* ONNX Runtime as an evaluation backend */
export { evaluateOnnx } from './onnx-evaluate.js';
