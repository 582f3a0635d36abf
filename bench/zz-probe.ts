import { SIZES, measureBertEngine } from './bert-engine.js';
const size = SIZES[Number(process.argv[2] ?? 0)];
const c0 = process.cpuUsage();
const r = await measureBertEngine(size, Number(process.argv[3] ?? 100));
const c = process.cpuUsage(c0);
console.log(size.label, JSON.stringify(r.rates), 'cpu s', ((c.user + c.system) / 1e6).toFixed(1));
