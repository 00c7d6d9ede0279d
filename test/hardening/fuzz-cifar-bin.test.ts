/** In-suite fuzzing of the cifar-bin reader (see fuzz/in-suite.ts; `npm run fuzz` runs 10,000 cases on demand). */
import { describeFuzz } from './fuzz/in-suite.js';

describeFuzz('cifar-bin', 300);
