import { run } from '../github/log.js';

void run();
