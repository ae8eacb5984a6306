// `npm start`: builds the web pages if they are missing or stale, then boots Tuan.
import path from 'node:path';
import { ensureWebBuilt, root } from './web-build.mjs';

ensureWebBuilt();
const { register } = await import('tsx/esm/api');
register();
await import(path.join(root, 'src/main.ts'));
