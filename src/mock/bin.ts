#!/usr/bin/env node
import { runMockCli } from './cli.js';

void runMockCli(process.argv.slice(2));
