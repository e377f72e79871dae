import { twoSubsetBitextTask } from '../helpers/inline-bitext.js';

/** The task the task-lock test and its child processes both run (one name, so they contend for one lock). */
export const lockTestTask = twoSubsetBitextTask('LockedBitext', 'test/locked-bitext');
