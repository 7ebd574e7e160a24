import type { InjectionToken } from 'tsyringe';
import type { TemplateKindRegistry } from './kind-registry.js';
import type { TemplateService } from './template-service.js';

/** Token of the {@link TemplateService}. */
export const TEMPLATE_SERVICE: InjectionToken<TemplateService> = Symbol('rapport.core.templates');
/** Token of the {@link TemplateKindRegistry}. */
export const TEMPLATE_KINDS: InjectionToken<TemplateKindRegistry> = Symbol('rapport.core.templateKinds');
