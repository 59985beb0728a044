import { run } from '../github/entity.js';

void run();
