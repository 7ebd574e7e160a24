import type { InjectionToken } from 'tsyringe';
import type { DepartmentService } from './department-service.js';
import type { EmployeeService } from './employee-service.js';
import type { OwnershipService } from './ownership-service.js';

/** Token of the {@link DepartmentService}. */
export const DEPARTMENT_SERVICE: InjectionToken<DepartmentService> = Symbol('rapport.core.departments');
/** Token of the {@link EmployeeService}. */
export const EMPLOYEE_SERVICE: InjectionToken<EmployeeService> = Symbol('rapport.core.employees');
/** Token of the {@link OwnershipService}. */
export const OWNERSHIP_SERVICE: InjectionToken<OwnershipService> = Symbol('rapport.core.ownership');
