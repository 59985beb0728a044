import { run } from '../github/exec.js';

void run();
