export * from './connector.ts';
export * from './diagnostic.ts';
export * from './documents.ts';
export * from './errors.ts';
export * from './order.ts';
export * from './partner.ts';
export * from './primitives.ts';
