import { run } from '../github/report.js';

void run();
