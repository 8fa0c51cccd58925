import { runQuickstart } from './quickstart.js';

await runQuickstart((line) => console.log(line));
