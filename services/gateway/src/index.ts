export { gatewayService } from './app.ts';
