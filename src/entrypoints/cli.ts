#!/usr/bin/env node
import { run } from '../cli/main.js';
import { FULL_CLI } from '../cli/registry.js';

run(FULL_CLI);
