#!/usr/bin/env node
// Launcher for the bundled CLI; `npm ci` builds dist/ through the `prepare` script.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'node', 'cli.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write('fotoglot: not built yet. Run "npm run build" in the Fotoglot folder.\n');
  process.exit(1);
}
require(cli);
