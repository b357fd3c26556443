export { ordersService, createOrdersService, type OrdersAdapters, type OrdersRuntime } from './app.ts';
