/** `view`: main.ts loads each command as a module's default export; the code is beside `pack`'s. */
export { viewCommand as default } from './pack';
