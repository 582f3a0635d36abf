import { measureEngine } from './lifespan-engine.js';
const steps = Number(process.argv[2] ?? 200);
const r = await measureEngine('native', steps);
console.log(r.rates);
