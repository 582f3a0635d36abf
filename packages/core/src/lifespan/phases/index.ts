// The phase kinds a lifespan is made of, by name.
import type { PhaseKind } from '../phase-kind.js';
import { evaluatePhase } from './evaluate.js';
import { finetuneMaskPhase } from './finetune-mask.js';
import { finetuneDensePhase, pretrainPhase } from './learn-values.js';
import { prunePhase } from './prune.js';

export const PHASE_KINDS: readonly PhaseKind[] = [pretrainPhase, finetuneDensePhase, finetuneMaskPhase, prunePhase, evaluatePhase];
