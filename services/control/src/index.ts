export { controlService } from './app.ts';
