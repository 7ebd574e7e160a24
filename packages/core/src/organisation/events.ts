import type { Employee } from './employee-service.js';

/** Payload of `employeeDeactivated`. */
export interface EmployeeDeactivatedEvent {
  employee: Employee;
  /** Who inherited the customers; null when they were explicitly left unassigned. */
  heirId: string | null;
  reassignmentId: string;
}
