#!/usr/bin/env node
// The CLI runs from the compiled output; `npm install` (prepare) and `npm start` build it.
import { run } from '../dist/main.js';

await run(process.argv);
