import { type DynamicModule, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per application, so that two apps in one test process never share series. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The application's registry, made before Nest so that the request middleware in front of Nest observes into it too. */
@Module({})
export class MetricsRegistryModule {
  static forRoot(registry: Registry): DynamicModule {
    return { module: MetricsRegistryModule, global: true, providers: [{ provide: Registry, useValue: registry }], exports: [Registry] };
  }
}
