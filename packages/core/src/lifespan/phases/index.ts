// The phase kinds a lifespan is made of, by name.
import type { PhaseKind } from '../phase-kind.js';
import { continualDensePhase } from './continual-dense.js';
import { continualMaskPhase } from './continual-mask.js';
import { continualPacknetPhase } from './continual-packnet.js';
import { evaluatePhase } from './evaluate.js';
import { finetuneMaskPhase } from './finetune-mask.js';
import { interpolatePhase } from './interpolate.js';
import { finetuneDensePhase, pretrainPhase } from './learn-values.js';
import { lotteryPhase } from './lottery.js';
import { prunePhase } from './prune.js';
import { rewindPhase } from './rewind.js';
import { selectPhase } from './select.js';
import { sparseTrainPhase } from './sparse-train.js';

export const PHASE_KINDS: readonly PhaseKind[] = [
  pretrainPhase, finetuneDensePhase, finetuneMaskPhase, prunePhase, sparseTrainPhase, rewindPhase, lotteryPhase, interpolatePhase, selectPhase,
  continualMaskPhase, continualDensePhase, continualPacknetPhase, evaluatePhase,
];
