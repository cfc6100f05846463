// Half of the test files, in a process of its own beside the other half (see test/all.ts).
import { runShard } from '../all';

runShard(2, 2);
